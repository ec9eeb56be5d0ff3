"""Spanish-language names with realistic repetition: a few very common names, a long tail of rare ones.

Weights are rough frequencies (Mexico/Spain registries order of magnitude); only their ratios matter.
"""
from app.services.demo_service import APELLIDOS as _APELLIDOS_DEMO
from app.services.demo_service import NOMBRES as _NOMBRES_DEMO

NOMBRES_MUJER = [
    ("María", 60), ("Guadalupe", 25), ("María Guadalupe", 22), ("Juana", 14), ("María del Carmen", 14),
    ("Margarita", 12), ("Verónica", 11), ("Elizabeth", 10), ("Alejandra", 10), ("Leticia", 9), ("Rosa María", 9),
    ("Ana", 12), ("Carmen", 10), ("Lucía", 9), ("Sofía", 10), ("Valentina", 8), ("Camila", 8), ("Ximena", 7),
    ("Mónica", 7), ("Inés", 4), ("Begoña", 2), ("Nuria", 3), ("Rocío", 5), ("Paula", 6), ("Elena", 6),
    ("Renata", 5), ("María José", 9), ("Ana Sofía", 5), ("Fernanda", 7), ("Daniela", 8), ("Andrea", 8),
    ("Gabriela", 8), ("Patricia", 9), ("Adriana", 7), ("Silvia", 6), ("Claudia", 7), ("Teresa", 6), ("Josefina", 5),
    ("Araceli", 3), ("Itzel", 3), ("Citlali", 2), ("Xóchitl", 2), ("Ámbar", 1), ("Eulalia", 0.3), ("Ildefonsa", 0.05),
    ("Zoraida", 0.1), ("Maité", 1), ("Aitana", 1), ("Iratxe", 0.2), ("Leocadia", 0.05), ("Úrsula", 0.3),
]
NOMBRES_HOMBRE = [
    ("José", 55), ("Juan", 35), ("José Luis", 22), ("Miguel Ángel", 18), ("Jesús", 16), ("Francisco", 15),
    ("Luis", 15), ("Carlos", 14), ("Juan Carlos", 12), ("Jorge", 11), ("Alejandro", 11), ("Antonio", 10),
    ("Miguel", 10), ("Fernando", 9), ("Andrés", 7), ("Ángel", 6), ("Raúl", 7), ("Sebastián", 7), ("Iñaki", 1),
    ("Óscar", 6), ("Héctor", 6), ("Tomás", 5), ("Martín", 6), ("Santiago", 8), ("Mateo", 6), ("Diego", 8),
    ("Ricardo", 7), ("Roberto", 7), ("Eduardo", 7), ("Javier", 8), ("Manuel", 9), ("Pedro", 7), ("Rafael", 6),
    ("Víctor Hugo", 3), ("Efraín", 2), ("Joaquín", 3), ("Álvaro", 3), ("Germán", 2), ("Cuauhtémoc", 1),
    ("Eulogio", 0.1), ("Zacarías", 0.2), ("Nepomuceno", 0.05), ("Telésforo", 0.05), ("Íker", 1), ("Ramón", 4),
]
APELLIDOS = [
    ("Hernández", 60), ("García", 50), ("Martínez", 45), ("López", 42), ("González", 40), ("Pérez", 30),
    ("Rodríguez", 30), ("Sánchez", 28), ("Ramírez", 26), ("Cruz", 18), ("Flores", 18), ("Gómez", 17),
    ("Morales", 14), ("Vázquez", 13), ("Jiménez", 13), ("Reyes", 13), ("Díaz", 12), ("Torres", 12),
    ("Gutiérrez", 11), ("Ruiz", 11), ("Mendoza", 10), ("Aguilar", 10), ("Ortiz", 9), ("Moreno", 9),
    ("Castillo", 9), ("Romero", 9), ("Álvarez", 8), ("Méndez", 8), ("Chávez", 8), ("Rivera", 8), ("Juárez", 8),
    ("Ramos", 7), ("Domínguez", 7), ("Herrera", 7), ("Medina", 7), ("Castro", 7), ("Vargas", 6), ("Guzmán", 6),
    ("Velázquez", 6), ("Muñoz", 6), ("Rojas", 5), ("Contreras", 5), ("Salazar", 5), ("Luna", 5), ("Ortega", 5),
    ("Núñez", 4), ("Ibáñez", 3), ("Peña", 4), ("Castañeda", 3), ("Fernández", 6), ("Santiago", 5), ("Navarro", 3),
    ("de la Cruz", 4), ("de la Rosa", 2), ("del Ángel", 1), ("Fernández de Córdoba", 0.3), ("Ponce de León", 0.6),
    ("Montes de Oca", 0.8), ("San Martín", 0.7), ("Ruiz de Alarcón", 0.1), ("Echeverría", 1), ("Goicoechea", 0.2),
    ("Iturbide", 0.3), ("Zúñiga", 1.5), ("Villaseñor", 0.8), ("Magaña", 1), ("Ordóñez", 1), ("Báez", 0.7),
    ("Quiñones", 0.6), ("Xicoténcatl", 0.05), ("Urquidi", 0.05), ("Olaizola", 0.05), ("Arriaga", 0.5),
]


def _con_demo(lista, demo):
    """Keep every name the small demo uses, so demo searches also work on the benchmark data."""
    presentes = {n for n, _ in lista}
    return lista + [(n, 1) for n in demo if n not in presentes]


APELLIDOS = _con_demo(APELLIDOS, _APELLIDOS_DEMO)
NOMBRES_MUJER = _con_demo(NOMBRES_MUJER, [n for n in _NOMBRES_DEMO if n.endswith("a") or n in ("Inés", "Rocío")])
NOMBRES_HOMBRE = _con_demo(
    NOMBRES_HOMBRE, [n for n in _NOMBRES_DEMO if n not in dict(NOMBRES_MUJER) and not n.endswith("a")])

CALLES = ["Av. Juárez", "Calle Hidalgo", "Av. Insurgentes Sur", "Calle Morelos", "Av. Reforma", "Calle 5 de Mayo",
          "Calz. de Tlalpan", "Calle Zaragoza", "Av. Universidad", "Calle Allende", "Paseo de la Castellana",
          "Calle Mayor", "Gran Vía", "Av. de los Niños Héroes", "Calle Núñez de Balboa"]
CIUDADES = ["Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida", "León", "Toluca",
            "Morelia", "Oaxaca", "Madrid", "Sevilla", "Bogotá", "Lima", "Santiago"]
ALERGIAS = [(None, 70), ("Ninguna conocida", 15), ("Penicilina", 5), ("Látex", 2), ("Ácaros del polvo", 3),
            ("Sulfamidas", 1), ("Ibuprofeno", 2), ("Mariscos", 2)]
ESPECIALIDADES = [
    ("Medicina General", "Atención primaria"), ("Odontología", "Salud bucal"), ("Pediatría", "Atención infantil"),
    ("Cardiología", "Corazón y sistema circulatorio"), ("Ginecología", "Salud de la mujer"),
    ("Dermatología", "Piel"), ("Traumatología", "Huesos y articulaciones"), ("Oftalmología", "Ojos"),
    ("Psicología", "Salud mental"), ("Nutrición", "Alimentación"),
]
SERVICIOS = [("Consulta general", "500.00", "16.00"), ("Limpieza dental", "800.00", "16.00"),
             ("Consulta pediátrica", "650.00", "16.00"), ("Electrocardiograma", "1200.00", "16.00"),
             ("Certificado médico", "250.00", "0.00"), ("Consulta de especialidad", "900.00", "16.00"),
             ("Curación", "350.00", "16.00"), ("Radiografía", "750.00", "16.00"),
             ("Análisis de sangre", "420.00", "0.00"), ("Vacuna", "300.00", "0.00"),
             ("Ultrasonido", "1100.00", "16.00"), ("Sesión de psicoterapia", "700.00", "0.00")]
CIUDADES_SUCURSAL = ["Centro", "Norte", "Sur", "Oriente", "Poniente", "Coyoacán", "Polanco", "Satélite", "Tlalpan",
                     "Santa Fe", "Guadalajara", "Zapopan", "Monterrey", "San Pedro", "Puebla", "Querétaro",
                     "Mérida", "León", "Toluca", "Morelia", "Oaxaca", "Cancún", "Veracruz", "Tijuana"]
MOTIVOS = ["Revisión general", "Dolor de cabeza", "Control de presión arterial", "Seguimiento", "Fiebre",
           "Dolor abdominal", "Chequeo anual", "Resultados de laboratorio", "Vacunación", "Dolor de espalda",
           "Revisión dental", "Control de niño sano", None]
