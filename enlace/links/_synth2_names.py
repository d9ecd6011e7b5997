"""Name, place and nickname lists for the register-style generator (``synth2``).

Ordered from most to least frequent: the generator draws from them with a Zipf law, so the
order is the frequency ranking. Drawn up separately from the first generator's lists.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Surnames per country. Peru mixes Spanish with Quechua and Aymara surnames, Paraguay with
# Guaraní-derived ones, Guatemala with Mayan (K'iche', Q'eqchi', Kaqchikel) ones.
SURNAMES = {
    "PE": _words(
        "Quispe Flores Sánchez Rodríguez Huamán García Mamani Rojas Chávez Ramos Torres Vásquez "
        "Mendoza Condori Castillo Díaz Gonzales Cruz Pérez López Choque Huanca Apaza Ticona Vilca "
        "Ccori Cusi Yupanqui Huallpa Gutiérrez Palomino Ccahuana Llanos Yauri Huillca Challco Pari "
        "Huarcaya Sulca Taipe Cahuana Poma Inca Ayquipa Cjuro Ccallo Llacsa Hancco Huayhua Chambi "
        "Coaquira Mayta Colque Alanoca Limachi Larico Pacompía Guamán Quilla Sullca Villanueva "
        "Espinoza Salazar Aguilar Herrera Medina Cárdenas Valverde Zevallos Jiménez Córdova Paucar "
        "Huachaca Auccapuma Chuquimango Tacuri Cconislla Huarhua Janampa Llamocca Pillaca Quicaño"),
    "PY": _words(
        "González Benítez Martínez López Giménez Vera Duarte Ramírez Villalba Fernández Rodríguez "
        "Acosta Báez Ortiz Cáceres Rojas Sánchez Aquino Núñez Ayala Romero Franco Cabrera Gómez "
        "Espínola Ocampo Insfrán Cardozo Britez Galeano Escobar Arce Paredes Riquelme Candia Zarza "
        "Amarilla Ovelar Almirón Caballero Recalde Cabañas Agüero Ledesma Figueredo Chamorro Bogado "
        "Alvarenga Ibarra Cantero Maidana Arrúa Sosa Torres Peralta Guyrá Arapoty Yegros Mbururú "
        "Tupã Kuarahy Pirayú Jeguaka Yvyrá Arasa Itá Ñanduti Guairá Caaguazú"),
    "GT": _words(
        "López García Pérez Hernández González Morales Rodríguez Martínez Ramírez Cruz Gómez "
        "Juárez Chávez Vásquez Orellana Sosa Méndez Ajcú Xicará Tzul Ixcot Cutzal Coyoy Chiroy "
        "Tuyuc Ajú Sicán Quemé Xoyón Tzunún Cumes Chajón Boc Xinico Yax Pop Caal Choc Cuc Tiul "
        "Ical Coc Batz Sacor Tum Ixcoy Chen Maquín Xol Quej Coj Tzoc Cotzojay Ajanel Lacán Say "
        "Bámaca Pirir Sotz Xulú Cúmez Tojín Ordóñez Barrios Escobar Reyes Aguilar Mejía Estrada"),
    "CO": _words(
        "Rodríguez Gómez González Martínez García López Hernández Sánchez Ramírez Pérez Díaz "
        "Muñoz Rojas Moreno Jiménez Vargas Castro Gutiérrez Ospina Zapata Valencia Cardona "
        "Restrepo Londoño Arango Mejía Quintero Giraldo Betancur Montoya Henao Salazar Osorio "
        "Mosquera Palacios Rentería Caicedo Cuesta Murillo Córdoba Ríos Álvarez Romero Suárez "
        "Torres Ramos Ortiz Guerrero Herrera Medina Ruiz Aguirre Cifuentes Bedoya Echeverri Uribe "
        "Villegas Correa Agudelo Hurtado Lozano Bermúdez Vélez Orozco Barrera Buitrago Cuartas"),
}

GIVEN_MALE = {
    "PE": _words("Juan José Luis Carlos Jorge Miguel Víctor César Walter Wilber Edwin Hugo Percy Jhon "
                 "Elmer Rolando Richard Alex Nilton Yoel Ronald Fredy Julio Raúl Teodoro Justo "
                 "Fortunato Cirilo Eulogio Marcelino Francisco Alberto Roberto Eduardo Guillermo "
                 "Alejandro Fernando Rafael Enrique Manuel Jesús Ignacio Vicente Hilario Saturnino"),
    "PY": _words("Juan Carlos José Luis Ramón Pedro Derlis Hugo Víctor Osvaldo Nelson Celso Blas Rubén "
                 "Arnaldo Cristian Ever Lucio Francisco Alcides Ángel Gustavo Marcelino Nicanor Fidel "
                 "Édgar Roberto Gonzalo Eduardo Alberto Ignacio Santiago Enrique Venancio Silvio"),
    "GT": _words("José Juan Carlos Luis Marvin Édgar Byron Mynor Selvin Elmer Wilson Otto Erick Kevin "
                 "Jorge Mario Francisco Pedro Diego Tomás Manuel Santos Domingo Gaspar Baltazar "
                 "Jesús Enrique Alejandro Guillermo Rafael Humberto Eduardo Cristóbal Sebastián"),
    "CO": _words("Juan Carlos Luis Jorge José Andrés Diego Jhon Fabio Álvaro Hernán Jairo Óscar Wilson "
                 "Yeison Brayan Duván Camilo Julián Sebastián Alejandro Francisco Guillermo Alberto "
                 "Eduardo Fernando Gonzalo Rafael Santiago Humberto Enrique Manuel Jesús Libardo"),
}

GIVEN_FEMALE = {
    "PE": _words("María Rosa Juana Carmen Luz Yolanda Maribel Yeni Lizbeth Marleny Nelly Flor Gladys "
                 "Soledad Elizabeth Mery Ruth Rocío Katherine Yesenia Dina Haydee Sonia Julia Hilda "
                 "Natividad Felícitas Guadalupe Rosario Mercedes Dolores Concepción Isabel Consuelo "
                 "Cristina Teresa Vilma Epifania Justina Alejandrina"),
    "PY": _words("María Rosa Gloria Mirna Nilda Liz Fátima Ramona Perla Lourdes Blanca Graciela Zunilda "
                 "Nidia Lilian Mabel Sonia Ana Elva Estela Rossana Dolores Mercedes Guadalupe Isabel "
                 "Teresa Cristina Concepción Rosalía Celsa Librada"),
    "GT": _words("María Ana Rosa Juana Sandra Marta Ingrid Glenda Heidy Lesbia Mirna Sonia Olga Petrona "
                 "Catarina Magdalena Tomasa Candelaria Micaela Dominga Guadalupe Concepción Isabel "
                 "Dolores Teresa Rosario Mercedes Cristina Amalia Floridalma"),
    "CO": _words("María Luz Ana Sandra Claudia Diana Paola Yuliana Natalia Marleny Gloria Martha Nubia "
                 "Yolanda Blanca Leidy Yesica Daniela Valentina Consuelo Mercedes Rosario Isabel "
                 "Cristina Teresa Guadalupe Dolores Adriana Milena Liliana Yaneth"),
}

# Second given names that form a unit with the first ("María del Carmen" is one name).
COMPOUND_TAILS = ("del Carmen", "de los Ángeles", "del Rosario", "de Jesús", "del Pilar", "de Fátima")

# Familiar forms, several per name where usage varies by country.
NICKNAMES = {
    "Francisco": ("Pancho", "Paco", "Chico"), "José": ("Pepe", "Chepe", "Cheo"), "Jesús": ("Chucho", "Chuy"),
    "Guadalupe": ("Lupe", "Lupita"), "Rosario": ("Charo", "Chayo"), "Ignacio": ("Nacho",),
    "Alberto": ("Beto",), "Roberto": ("Beto", "Tito"), "Humberto": ("Beto",), "Manuel": ("Manolo", "Meme"),
    "Eduardo": ("Lalo",), "Alejandro": ("Alejo", "Jando"), "Consuelo": ("Chelo",), "Enrique": ("Kike", "Quique"),
    "Luis": ("Lucho", "Lucho"), "Fernando": ("Nando", "Fercho"), "Gonzalo": ("Chalo",), "Mercedes": ("Meche",),
    "Dolores": ("Lola",), "Concepción": ("Concha", "Conchita"), "Cristina": ("Tina",), "Guillermo": ("Memo",),
    "Rafael": ("Rafa", "Falo"), "Santiago": ("Chago", "Santi"), "Isabel": ("Chabela", "Chavela"),
    "Teresa": ("Tere",), "Vicente": ("Chente",), "Carlos": ("Calicho", "Charlie"), "Jorge": ("Coco",),
    "María": ("Mari", "Maruja"), "Juan": ("Juancho",), "Rosa": ("Rosita",), "Ana": ("Anita",),
    "Cristóbal": ("Toval",), "Sebastián": ("Chano", "Sebas"), "Domingo": ("Mingo",), "Tomás": ("Tomasito",),
}

CITIES = {
    "PE": ("Lima", "Arequipa", "Cusco", "Juliaca", "Puno", "Ayacucho", "Huancayo", "Abancay", "Huancavelica",
           "Andahuaylas", "Sicuani", "Tacna", "Puerto Maldonado"),
    "PY": ("Asunción", "Ciudad del Este", "Encarnación", "Luque", "San Lorenzo", "Capiatá", "Caaguazú",
           "Coronel Oviedo", "Concepción", "Pedro Juan Caballero", "Villarrica"),
    "GT": ("Ciudad de Guatemala", "Mixco", "Villa Nueva", "Quetzaltenango", "Cobán", "Huehuetenango",
           "Totonicapán", "Sololá", "Chimaltenango", "San Marcos", "Escuintla"),
    "CO": ("Bogotá", "Medellín", "Cali", "Barranquilla", "Cartagena", "Cúcuta", "Pereira", "Ipiales",
           "Pasto", "Quibdó", "Buenaventura", "Leticia"),
}

STREETS = _words("Bolívar Sucre Grau Independencia Libertad Progreso Amazonas Comercio Lima Union "
                 "Junín Ayacucho Mariscal Estigarribia Mcal Artigas Colón Caracas Santander Nariño "
                 "Córdoba Olaya Atahualpa Tupac Pachacútec Guaraní Mbaracayú Kukulkán Tecún")
STREET_KINDS = ("Calle", "Av.", "Jr.", "Pasaje", "Carrera", "Diagonal")
