"""Deterministic synthetic Latin-American person records with known identities.

Why: entity resolution cannot be measured without truth, and real victim data can never be
used for that. Records come from seeded families (so relatives exist as hard non-matches:
siblings and parents share surnames, phone and city) and each person appears 1-5 times
with the noise clerks really produce: nicknames, a missing or swapped second surname,
'de' + husband's surname, 'SURNAMES, GIVEN' in one field, dropped accents, typos, mixed
date formats (including day/month swapped and year only), phones with or without +591/00,
identity cards with department suffixes and dots.

Usage: generate(n_records, seed=1) -> pyarrow.Table with the engine's input columns plus
the truth columns person_id and family_id; write_csv(path, n_records, seed) for big sets.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import numpy as np
import pyarrow as pa

_ANDEAN = ("Mamani Quispe Condori Choque Flores Huanca Ticona Apaza Chambi Limachi Copa Poma Callisaya "
           "Yujra Laura Nina Coaquira Alanoca Aruquipa Cusi Huayta Mendoza Chura Tarqui Vargas Ramos "
           "Cruz Colque Gutiérrez Calle Cáceres Machaca Huarachi Chuquimia Yupanqui Ccama Huallpa Cutipa "
           "Pari Tito Ayala Cahuana Illanes Achá Jallasi Mollo Paco Sirpa Tola Ventura Ajata").split()
_SPANISH = ("García Rodríguez López Fernández González Pérez Sánchez Ramírez Torrez Rojas Vargas Gutiérrez "
            "Mendoza Rocha Suárez Vaca Justiniano Peña Salvatierra Guzmán Aguilar Méndez Ortiz Castro "
            "Morales Herrera Medina Arce Zambrana Montaño Soliz Villarroel Orellana Claros Terrazas Ribera "
            "Paz Saavedra Camacho Moreno Jiménez Romero Álvarez Navarro Domínguez Gil Molina Serrano Blanco "
            "Delgado Ortega Rubio Marín Sanz Iglesias Núñez Cortés Garrido Lozano Cano Prieto Calvo Vidal "
            "León Herrero Márquez Peñaranda Antezana Quiroga Ávila Escobar Salazar Velasco Zeballos Echeverría "
            "Lazcano Urquidi Ibáñez Carrasco Bustamante Sandoval Rivera Salinas Figueroa Cárdenas Montenegro "
            "Villca Padilla Cuéllar Añez Melgar Ardaya Chávez Cabrera Miranda Benítez Espinoza Fuentes").split()
_MAYAN = ("Caal Tzoc Choc Xol Pop Cac Ixcoy Tzul Coc Chub Tiul Maquin Bol Cuz Yat Chen Ical Tun Pec "
          "Sic Ajpop Batz Chiquin Quej Xo Cucul Ical Chocooj Tot Xuc").split()
_MALE = ("Juan José Luis Carlos Jorge Miguel Pedro Mario Víctor Francisco Antonio Jesús Fernando "
         "Ramón Roberto Eduardo Alberto Daniel David Javier Ricardo Raúl Sergio Manuel Rafael Santiago "
         "Nicolás Vicente Ignacio Guillermo Enrique Alfonso Gregorio Federico Alejandro Rubén Marcelo "
         "Wilfredo Freddy Edwin Limbert Reynaldo Félix Hugo Óscar Rolando Germán Gonzalo Julio César "
         "Martín Andrés Tomás Simón Mateo Teodoro Eusebio Cristóbal Domingo Esteban Hernán Iván Marco "
         "Nelson René Saúl Abel Elías Gabriel Samuel Ángel Diego Pablo Gustavo Hilarión Isidro").split()
_FEMALE = ("María Ana Rosa Juana Carmen Elena Patricia Gabriela Verónica Mónica Susana Teresa Guadalupe "
           "Rosario Mercedes Dolores Concepción Graciela Pilar Isabel Catalina Beatriz Alicia Cristina "
           "Fernanda Julia Lucía Sofía Valeria Daniela Paola Carla Silvia Martha Norma Lidia Sonia Eva "
           "Marisol Miriam Roxana Ximena Jhenny Deysi Yola Nélida Felicidad Benita Cecilia Emiliana "
           "Filomena Gregoria Justina Lourdes Margarita Nancy Olga Paulina Ruth Sandra Tania Vilma Wendy "
           "Zulema Adela Brígida Celia Delia Edith Flora Hilda Irma Jimena Leticia Magdalena").split()
_NICK = {"Francisco": "Pancho", "José": "Pepe", "Luis": "Lucho", "Jesús": "Chucho", "Ignacio": "Nacho",
         "Guillermo": "Memo", "Enrique": "Quique", "Antonio": "Toño", "Guadalupe": "Lupe", "Rosario": "Charo",
         "Concepción": "Concha", "Graciela": "Chela", "Pilar": "Pili", "Rafael": "Rafa", "Santiago": "Santi",
         "Nicolás": "Nico", "Vicente": "Chente", "Eduardo": "Lalo", "Mercedes": "Meche", "Dolores": "Lola",
         "Teresa": "Tere", "Gregorio": "Goyo", "Alfonso": "Poncho", "Isabel": "Chabela", "Catalina": "Cata",
         "Gabriela": "Gaby", "Manuel": "Manolo", "Patricia": "Paty", "Verónica": "Vero", "Susana": "Susy"}
_CITIES = {"BO": "La Paz|El Alto|Cochabamba|Santa Cruz de la Sierra|Oruro|Potosí|Sucre|Tarija|Trinidad|Cobija|"
                 "Quillacollo|Sacaba|Montero|Yacuiba|Riberalta|Guayaramerín|Villazón|Desaguadero",
           "PE": "Lima|Puno|Juliaca|Cusco|Arequipa|Tacna|Ilave", "GT": "Guatemala|Cobán|Quetzaltenango|"
           "Huehuetenango|San Pedro Carchá|Totonicapán|Chichicastenango"}
_COUNTRY = {"BO": ("591", 8, "67"), "PE": ("51", 9, "9"), "GT": ("502", 8, "345")}
_DEPTS = ("LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BN", "PD")


def _zipf_weights(n: int, a: float, rng: np.random.Generator) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** a
    return w / w.sum()


def _strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(text: str, r: float) -> str:
    """One keyboard-style edit (substitute, delete, insert or transpose) at a seeded place."""
    if len(text) < 3:
        return text
    pos = 1 + int(r * 1000) % (len(text) - 2)
    kind = int(r * 7919) % 4
    letter = "aeiourslnmt"[int(r * 104729) % 11]
    if kind == 0:
        return text[:pos] + letter + text[pos + 1:]
    if kind == 1:
        return text[:pos] + text[pos + 1:]
    if kind == 2:
        return text[:pos] + letter + text[pos:]
    return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2:]


def _persons(n_persons: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Families of 1-6 people sharing surnames, phone and city."""
    country = rng.choice(np.array(["BO", "PE", "GT"]), size=n_persons, p=[0.75, 0.15, 0.10])
    fam_size = rng.choice(np.arange(1, 7), size=n_persons, p=[0.35, 0.2, 0.18, 0.14, 0.08, 0.05])
    fam_of = np.repeat(np.arange(n_persons), fam_size)[:n_persons]
    rank = np.arange(n_persons) - np.searchsorted(fam_of, fam_of)
    fcountry = country[fam_of]
    pools = {"BO": _ANDEAN + _SPANISH, "PE": _ANDEAN + _SPANISH, "GT": _MAYAN + _SPANISH}
    sur = {}
    for key in ("A", "B", "C", "D"):
        sur[key] = np.empty(n_persons, dtype=object)
    for c, pool in pools.items():
        sel = np.flatnonzero(fcountry == c)
        p = _zipf_weights(len(pool), 1.1, rng)
        for key in sur:
            sur[key][sel] = np.asarray(pool, dtype=object)[rng.choice(len(pool), size=sel.size, p=p)]
    # Family surnames are those of the family's first member; children take (father A, mother C).
    head = np.searchsorted(fam_of, fam_of)
    fa, fb, fc, fd = (sur[k][head] for k in "ABCD")
    role = np.where(rank == 0, 0, np.where(rank == 1, 1, 2))  # father, mother, child
    s1 = np.where(role == 0, fa, np.where(role == 1, fc, fa))
    s2 = np.where(role == 0, fb, np.where(role == 1, fd, fc))
    sex = np.where(role == 0, "M", np.where(role == 1, "F", rng.choice(np.array(["M", "F"]), n_persons)))
    male = np.asarray(_MALE, dtype=object)
    female = np.asarray(_FEMALE, dtype=object)
    g1 = np.where(sex == "M", male[rng.choice(len(male), n_persons, p=_zipf_weights(len(male), 0.9, rng))],
                  female[rng.choice(len(female), n_persons, p=_zipf_weights(len(female), 0.9, rng))])
    has2 = rng.random(n_persons) < 0.45
    g2 = np.where(sex == "M", male[rng.integers(0, len(male), n_persons)],
                  female[rng.integers(0, len(female), n_persons)])
    g2 = np.where(has2 & (g2 != g1), g2, "")
    parent_year = rng.integers(1950, 1990, size=n_persons)[head]
    year = np.where(role == 2, parent_year + rng.integers(18, 36, n_persons), parent_year + rng.integers(-3, 4, n_persons))
    month = rng.integers(1, 13, n_persons)
    day = rng.integers(1, 29, n_persons)
    cc_digits = np.array([_COUNTRY[c][1] for c in _COUNTRY])
    del cc_digits
    phone_local = np.array([_COUNTRY[c][2][i % len(_COUNTRY[c][2])] for i, c in enumerate(fcountry)], dtype=object)
    phone_num = rng.integers(10**8, 10**9, size=n_persons)[head]
    doc = rng.integers(1_000_000, 99_999_999, size=n_persons)
    has_doc = rng.random(n_persons) < 0.65
    has_phone = (rng.random(n_persons) < 0.85)[head] | (rng.random(n_persons) < 0.3)
    own_phone = rng.random(n_persons) < 0.35  # some members have their own mobile
    phone_num = np.where(own_phone, rng.integers(10**8, 10**9, size=n_persons), phone_num)
    cities = {c: np.asarray(v.split("|"), dtype=object) for c, v in _CITIES.items()}
    city = np.empty(n_persons, dtype=object)
    for c, names in cities.items():
        sel = np.flatnonzero(fcountry == c)
        city[sel] = names[rng.integers(0, len(names), sel.size)]
    city = city[head]
    married = (role == 1) & (rng.random(n_persons) < 0.5)
    return {"country": fcountry, "family": fam_of, "s1": s1, "s2": s2, "husband": np.where(married, fa, ""),
            "sex": sex, "g1": g1, "g2": g2, "year": year, "month": month, "day": day, "doc": doc,
            "has_doc": has_doc, "phone_local": phone_local, "phone_num": phone_num, "has_phone": has_phone,
            "city": city, "dept": np.asarray(_DEPTS, dtype=object)[rng.integers(0, len(_DEPTS), n_persons)],
            "has_email": rng.random(n_persons) < 0.2}


def generate(n_records: int, seed: int = 1, *, id_offset: int = 0) -> pa.Table:
    """n_records noisy records; deterministic for a given (n_records, seed)."""
    rng = np.random.default_rng(seed)
    counts = rng.choice(np.arange(1, 6), size=n_records, p=[0.45, 0.28, 0.14, 0.08, 0.05])
    n_persons = int(np.searchsorted(np.cumsum(counts), n_records) + 1)
    counts = counts[:n_persons]
    counts[-1] -= int(counts.sum() - n_records)
    per = _persons(n_persons, rng)
    pid = np.repeat(np.arange(n_persons), counts)
    rng.shuffle(pid)
    n = pid.size
    P = {k: v[pid] for k, v in per.items()}
    u = rng.random((n, 16))
    # Life happens between two records of one person: a new phone, another city, a slip.
    moved = rng.random(n) < 0.12
    P["phone_num"] = np.where(rng.random(n) < 0.12, rng.integers(10**8, 10**9, size=n), P["phone_num"])
    all_cities = np.asarray("|".join(_CITIES.values()).split("|"), dtype=object)
    P["city"] = np.where(moved, all_cities[rng.integers(0, len(all_cities), n)], P["city"])
    P["sex"] = np.where(rng.random(n) < 0.01, np.where(P["sex"] == "M", "F", "M"), P["sex"])
    wrong_nat = rng.random(n) < 0.02

    given = [(a + " " + b) if b and u[i, 0] > 0.25 else a for i, (a, b) in enumerate(zip(P["g1"], P["g2"], strict=True))]
    given = [(_NICK.get(g.split(" ")[0], g) if u[i, 1] < 0.12 else g) for i, g in enumerate(given)]
    s1, s2 = P["s1"], P["s2"]
    surn = []
    for i in range(n):
        a, b, h = s1[i], s2[i], P["husband"][i]
        r = u[i, 2]
        if r < 0.12:
            s = a
        elif r < 0.16:
            s = b + " " + a
        else:
            s = a + " " + b
        if h and u[i, 3] < 0.6:
            s = (a if u[i, 3] < 0.3 else a + " " + b) + " de " + h
        surn.append(s)
    typo_g = u[:, 4] < 0.04
    typo_s = u[:, 5] < 0.04
    given = [(_typo(g, u[i, 6]) if typo_g[i] else g) for i, g in enumerate(given)]
    surn = [(_typo(s, u[i, 7]) if typo_s[i] else s) for i, s in enumerate(surn)]
    strip = u[:, 8] < 0.35
    upper = u[:, 9] < 0.3
    given = [(_strip(g) if strip[i] else g).upper() if upper[i] else (_strip(g) if strip[i] else g) for i, g in enumerate(given)]
    surn = [(_strip(s) if strip[i] else s).upper() if upper[i] else (_strip(s) if strip[i] else s) for i, s in enumerate(surn)]
    comma = u[:, 10] < 0.04
    for row in np.flatnonzero(comma):
        surn[row] = surn[row].upper() + ", " + given[row]
        given[row] = ""

    y, m, d = P["year"].copy(), P["month"].copy(), P["day"].copy()
    fmt = u[:, 11]
    typo_date = u[:, 12] < 0.03
    y = np.where(typo_date & (u[:, 13] < 0.5), y + np.where(u[:, 13] < 0.25, 1, -1), y)
    d = np.where(typo_date & (u[:, 13] >= 0.5), np.clip(d + np.where(u[:, 13] < 0.75, 1, -1) * 10 % 28, 1, 28), d)
    dates = []
    for i in range(n):
        f = fmt[i]
        if f < 0.5:
            s = f"{d[i]:02d}/{m[i]:02d}/{y[i]}"
        elif f < 0.74:
            s = f"{y[i]}-{m[i]:02d}-{d[i]:02d}"
        elif f < 0.84:
            s = f"{d[i]}-{m[i]}-{y[i]}"
        elif f < 0.89:
            s = str(y[i])
        elif f < 0.94:
            s = f"{m[i]:02d}/{d[i]:02d}/{y[i]}"  # written month first
        elif f < 0.97:
            s = f"{d[i]:02d}.{m[i]:02d}.{y[i]}"
        else:
            s = ""
        dates.append(s)

    docs = []
    for i in range(n):
        r = u[i, 14]
        if not P["has_doc"][i] or r < 0.3:
            docs.append("")
            continue
        num = str(P["doc"][i])
        if r > 0.99:  # one wrong digit
            pos = int(r * 7919) % len(num)
            num = num[:pos] + str((int(num[pos]) + 1) % 10) + num[pos + 1:]
        if P["country"][i] == "BO":
            k = int(r * 1000) % 4
            num = [num, num + " " + P["dept"][i], f"{int(num):,}".replace(",", ".") if num.isdigit() else num,
                   num + "-" + P["dept"][i]][k]
        docs.append(num)

    phones = []
    for i in range(n):
        r = u[i, 15]
        if not P["has_phone"][i] or r < 0.25:
            phones.append("")
            continue
        cc, width, starts = _COUNTRY[P["country"][i]]
        local = P["phone_local"][i] + str(P["phone_num"][i])[: width - 1]
        k = int(r * 1000) % 5
        phones.append([local, f"+{cc} {local}", f"00{cc} {local[:4]} {local[4:]}", f"{cc}-{local[:4]}-{local[4:]}",
                       f"{local[:4]}-{local[4:]}"][k])

    sexes = np.where(u[:, 0] < 0.05, "", np.where(u[:, 1] > 0.8, np.where(P["sex"] == "M", "Masculino", "Femenino"), P["sex"]))
    nat_names = {"BO": "Boliviana", "PE": "Peruana", "GT": "Guatemalteca"}
    nat = [("" if u[i, 2] > 0.9 else ("AR" if wrong_nat[i] else (nat_names[c] if u[i, 3] > 0.7 else c)))
           for i, c in enumerate(P["country"])]
    city = [("" if u[i, 5] > 0.8 else c) for i, c in enumerate(P["city"])]
    # Mailboxes are unique per person (the provider enforces it): name + a personal number.
    email = [(_strip(f"{P['g1'][i]}.{P['s1'][i]}{(pid[i] * 7919) % 9973}@correo.bo").lower()
              if P["has_email"][i] and u[i, 6] > 0.5 else "") for i in range(n)]
    rid = [f"R{id_offset + i:08d}" for i in range(n)]
    return pa.table({
        "record_id": rid, "given_names": given, "surnames": surn, "birth_date": dates,
        "sex": sexes.tolist(), "nationality": nat, "document_number": docs, "phone": phones,
        "email": email, "city": city, "country": P["country"].tolist(),
        "person_id": (pid + id_offset).astype(np.int64), "family_id": (P["family"] + id_offset).astype(np.int64),
    })


def write_csv(path: str | Path, n_records: int, seed: int = 1, *, chunk: int = 500_000, truth: bool = True) -> None:
    """Write a large set in chunks (identities never span chunks) to keep memory flat."""
    import pyarrow.csv as pacsv

    path = Path(path)
    done, part = 0, 0
    writer = None
    with path.open("wb") as fh:
        while done < n_records:
            size = min(chunk, n_records - done)
            table = generate(size, seed=seed * 1000 + part, id_offset=done)
            if not truth:
                table = table.drop(["person_id", "family_id"])
            if writer is None:
                writer = pacsv.CSVWriter(fh, table.schema)
            writer.write_table(table)
            done += size
            part += 1
        if writer is not None:
            writer.close()


__all__ = ["generate", "write_csv", "csv"]
