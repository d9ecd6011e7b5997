"""Preparing a batch in worker processes gives exactly what preparing it here gives."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from functools import partial

import numpy as np

from enlace.links.engine.parallel import Mapper, pool_size
from enlace.links.engine.prepare import Prepared, prepare
from enlace.links.engine.resolve import to_table

_GIVEN = ["María José", "Beto", "Pepe", "Juan Carlos", "", "MARIA JOSE", "Lucho", "Chela", "Ana", "Quispe Mamani, Rosa"]
_SURNAMES = ["Quispe Mamani", "Pérez de Gómez", "", "Rodríguez", "Mamani Condori, Juan", "De la Cruz", "Huamán",
             "Cruz Quej", "Vda. de Ríos", "López López"]
_DATES = ["1990-03-14", "14/03/1990", "03/04/85", "1985", "marzo 1985", "", "31/12/2001", "2001-12", "12/31/2001",
          "7 de julio de 1979"]
_DOCUMENTS = ["4.567.890 LP", "CI 1234567", "AB123456", "001-1234567-8", "", "12345678K", "PE-45678912", "V-12.345.678",
              "4567890-1B", "X1234567Z"]
_PHONES = ["+591 71604219", "71604219", "0059171604219", "+57 300 123 4567", "3001234567", "+51 987 654 321",
           "987654321", "+54 9 11 1234-5678", "011 15 1234 5678", "+502 5512 3456", "55123456 ext. 12", "", "12",
           "591 71604219", "+1 212 555 0101"]
_COUNTRIES = ["Bolivia", "Colombia", "Perú", "Argentina", "Guatemala", "", "Narnia"]
_ADDRESSES = ["Av. Buenos Aires 123", "Calle Sucre #45, Zona Sur", "", "Jr. Puno 789 Dpto 3", "av buenos aires Nº 123"]


def _rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        rows.append({
            "record_id": f"r{i}",
            "given_names": _GIVEN[i % len(_GIVEN)] if i % 13 else _GIVEN[i % len(_GIVEN)] + " " + _SURNAMES[i % 7],
            "surnames": _SURNAMES[(i * 3) % len(_SURNAMES)] if i % 11 else "",
            "birth_date": _DATES[(i * 7) % len(_DATES)],
            "sex": ["F", "M", "", "mujer"][i % 4],
            "nationality": _COUNTRIES[i % len(_COUNTRIES)],
            "document_number": _DOCUMENTS[(i * 5) % len(_DOCUMENTS)] + ("" if i % 3 else str(i)),
            "phone": _PHONES[(i * 11) % len(_PHONES)],
            "email": [f"u{i % 9}@mail.com", "", "X@Mail.COM "][i % 3],
            "city": ["La Paz", "LA PAZ", "Bogotá", ""][i % 4],
            "country": _COUNTRIES[(i * 2) % len(_COUNTRIES)],
            "address": _ADDRESSES[i % len(_ADDRESSES)],
            "postcode": ["", "B-1405", "110111"][i % 3],
        })
    return rows


def _differences(a: Prepared, b: Prepared) -> list[str]:
    out = []
    for spec in dataclasses.fields(Prepared):
        x, y = getattr(a, spec.name), getattr(b, spec.name)
        if isinstance(x, np.ndarray):
            same = x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)
        else:
            same = type(x) is type(y) and x == y
        if not same:
            out.append(spec.name)
    return out


def test_prepared_in_worker_processes_equals_prepared_here():
    table = to_table(_rows(600))
    serial = prepare(table, default_region="BO")
    parallel = prepare(table, default_region="BO", workers=2, parallel_from=1)
    assert _differences(serial, parallel) == []
    # The table exercises what it is meant to: several phone countries, nicknames with
    # several meanings, whole names in one box, day-first dates.
    assert len({key[:4] for key in serial.phone_vocab}) >= 5
    assert ((serial.canon_alts >= 0).sum(axis=1) > 1).any()
    no_surnames = np.array([not value for value in table.column("surnames").to_pylist()])
    assert (serial.sur1[no_surnames] >= 0).any()
    assert (serial.day > 12).any() and (serial.year > 0).sum() > 300


def _pid(_value: object) -> int:
    time.sleep(0.01)  # long enough in all that the worker starts before this process is done
    return os.getpid()


def test_a_mapper_keeps_the_order_of_its_values_across_processes():
    values = [f" Valor {i} " for i in range(257)]
    with Mapper(1) as mapper:
        pids = mapper.map(_pid, range(300))
        pending = mapper.map(str.strip, values)
        bulk = mapper.map(partial(map, str.upper), values, bulk=True)  # one call per chunk
        # This process takes chunks from the back at once; the worker, once up, from the front.
        done_by = pids.result()
        assert os.getpid() in done_by and set(done_by) - {os.getpid()}
        assert pending.result() == [v.strip() for v in values]
        assert bulk.result() == [v.upper() for v in values]


def _size_in_daemon(queue) -> None:
    queue.put(pool_size(10**6, workers=-1, parallel_from=1))


def test_a_daemonic_process_prepares_serially():
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_size_in_daemon, args=(queue,), daemon=True)
    child.start()
    size = queue.get(timeout=60)
    child.join(timeout=60)
    assert size == 0


def test_pool_size_follows_workers_and_the_batch_size():
    assert pool_size(10**6, workers=1) == 0
    assert pool_size(1000, workers=-1) == 0  # small batches: starting workers costs more
    assert pool_size(10**6, workers=-1, parallel_from=10**7) == 0
    assert pool_size(10**6, workers=2, parallel_from=1) == 1  # this process is the other one
