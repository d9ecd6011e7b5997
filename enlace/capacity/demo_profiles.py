"""Fixed inputs of the capacity demo (fictitious): each unit's answer profile per round, the courses
with their sessions and the share of each unit trained in them, the workshop's own SWOT items."""

from typing import Any

UNIT_CODES = ["police-lpz", "fiscalia-lpz", "police-cbb", "fiscalia-cbb", "police-scz", "fiscalia-scz",
              "digemig-desaguadero"]

_A = ("legal_framework", "investigation", "prosecution", "victims", "international", "coordination",
      "information", "resources", "external")


def _profile(*values: int) -> dict[str, int]:
    return dict(zip(_A, values, strict=True))


# Typical rating per area (and for the external questions) of each unit, in 2008 and in 2010.
AREA_BASE = {
    "police-lpz": {2008: _profile(2, 2, 3, 2, 2, 2, 2, 2, 2), 2010: _profile(4, 4, 3, 3, 3, 4, 3, 2, 3)},
    "fiscalia-lpz": {2008: _profile(3, 2, 2, 2, 2, 2, 2, 2, 2), 2010: _profile(4, 3, 4, 3, 3, 4, 3, 3, 3)},
    "police-cbb": {2008: _profile(2, 2, 2, 2, 1, 2, 2, 1, 2), 2010: _profile(3, 4, 3, 3, 2, 3, 2, 2, 2)},
    "fiscalia-cbb": {2008: _profile(3, 2, 2, 2, 2, 3, 2, 2, 2), 2010: _profile(4, 3, 4, 3, 2, 4, 3, 2, 3)},
    "police-scz": {2008: _profile(2, 3, 2, 2, 2, 2, 2, 2, 3), 2010: _profile(3, 3, 3, 2, 2, 3, 3, 2, 4)},
    "fiscalia-scz": {2008: _profile(3, 2, 3, 2, 2, 2, 2, 2, 2), 2010: _profile(3, 3, 4, 2, 2, 3, 2, 3, 2)},
    "digemig-desaguadero": {2008: _profile(2, 1, 1, 2, 1, 2, 1, 1, 1), 2010: _profile(3, 2, 2, 4, 3, 3, 2, 1, 2)},
}

# key -> the course, and its sessions: (days before today, or 0 for a 2009 session; place; trainers;
# share of each unit's register that took part).
COURSES: dict[str, dict[str, Any]] = {
    "inv": {"course": {"title": "Investigación del delito de trata de personas", "provider": "unodc", "hours": 40,
                       "modality": "in_person", "validity_months": 36,
                       "competencies": ["tip_investigation", "smuggling_distinction"],
                       "modules": ["Trata y tráfico de migrantes: diferencias", "Investigación proactiva",
                                   "Casos contra grupos organizados"]},
            "sessions": [(0, "La Paz", "UNODC / ILANUD", {"police-lpz": 0.5, "police-cbb": 0.5, "police-scz": 0.5}),
                         (700, "Cochabamba", "UNODC", {"police-lpz": 0.75, "police-cbb": 0.6, "police-scz": 0.3,
                                                       "fiscalia-lpz": 0.4, "fiscalia-cbb": 0.4,
                                                       "fiscalia-scz": 0.25})]},
    "victims": {"course": {"title": "Entrevista centrada en la víctima e identificación", "provider": "iom",
                           "provider_name": "OIM Bolivia", "hours": 24, "modality": "blended", "validity_months": 24,
                           "competencies": ["victim_interviewing", "victim_identification"],
                           "modules": ["Indicadores OIT", "Entrevista sin revictimización", "Derivación"]},
                "sessions": [(700, "El Alto", "OIM", {"police-lpz": 0.5, "fiscalia-lpz": 0.5,
                                                     "digemig-desaguadero": 0.6, "police-cbb": 0.4})]},
    "fin": {"course": {"title": "Investigación financiera y decomiso de bienes", "provider": "unodc", "hours": 32,
                       "modality": "in_person", "validity_months": 36, "competencies": ["financial_investigation"],
                       "modules": ["Rastreo de activos", "Cooperación con la UIF"]},
            "sessions": [(200, "Santa Cruz", "UNODC", {"police-lpz": 0.4, "police-cbb": 0.25, "fiscalia-scz": 0.5})]},
    "coop": {"course": {"title": "Cooperación internacional y asistencia judicial recíproca", "provider": "interpol",
                        "hours": 16, "modality": "online", "validity_months": None,
                        "competencies": ["international_cooperation"],
                        "modules": ["Canales de INTERPOL", "Solicitudes de asistencia judicial"]},
             "sessions": [(0, "En línea", "INTERPOL", {"police-lpz": 0.3, "fiscalia-lpz": 0.3,
                                                       "digemig-desaguadero": 0.2})]},
    "pros": {"course": {"title": "Persecución penal de la trata de personas", "provider": "national_school",
                        "provider_name": "Escuela de Fiscales del Estado", "hours": 60, "modality": "blended",
                        "validity_months": 48, "competencies": ["prosecution", "tip_investigation"],
                        "modules": ["Teoría del caso", "Prueba y elementos del tipo", "Juicio oral"]},
             "sessions": [(300, "Sucre", "Escuela de Fiscales del Estado", {"fiscalia-lpz": 0.75,
                                                                           "fiscalia-cbb": 0.6,
                                                                           "fiscalia-scz": 0.5})]},
}

WORKSHOP_ITEMS = {
    ("police-lpz", 2008): [("W", "Se confunde la trata con el tráfico de migrantes al calificar los casos"),
                           ("T", "Alta rotación del personal especializado")],
    ("fiscalia-lpz", 2008): [("W", "Poco conocimiento para construir casos de crimen organizado"),
                             ("O", "Convenio interinstitucional para los Equipos Multidisciplinarios")],
    ("digemig-desaguadero", 2008): [("T", "No existe un procedimiento regional estándar de asistencia judicial"),
                                    ("W", "Sin conectividad estable en el puesto fronterizo")],
    ("police-lpz", 2010): [("S", "Equipo mixto policía-fiscalía funcionando en La Paz"),
                           ("O", "Ley 263 integral contra la trata y tráfico de personas (2012, en debate)")],
}

GIVEN = ["Ana", "Luis", "María", "Jorge", "Carmen", "Pedro", "Rosa", "Juan", "Elena", "Marco", "Silvia", "Raúl",
         "Lucía", "Víctor", "Nancy", "Óscar"]
SURNAMES = ["Mamani", "Quispe", "Choque", "Flores", "Rojas", "Vargas", "Gutiérrez", "Torrez", "Limachi", "Huanca",
            "Salazar", "Ortiz", "Justiniano", "Montaño", "Copa", "Arce"]
