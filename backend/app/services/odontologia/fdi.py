"""FDI two-digit tooth notation: which teeth exist and which surfaces each one has (API.md "Dentistry").

Quadrants 1–4 are the permanent teeth (positions 1–8), 5–8 the primary ones (positions 1–5); odd-even pairs
1/5 and 2/6 are upper, 3/7 and 4/8 lower. Every tooth has mesial, distal and vestibular surfaces; incisors and
canines (positions 1–3) an incisal edge, premolars and molars an occlusal face; upper teeth a palatal surface,
lower ones a lingual one.
"""
PERMANENTES = tuple(c * 10 + p for c in (1, 2, 3, 4) for p in range(1, 9))
TEMPORALES = tuple(c * 10 + p for c in (5, 6, 7, 8) for p in range(1, 6))
PIEZAS = frozenset(PERMANENTES + TEMPORALES)
NOMBRES_SUPERFICIES = {"M": "mesial", "D": "distal", "O": "oclusal", "I": "incisal", "V": "vestibular",
                       "L": "lingual", "P": "palatina"}
ORDEN = "MDOIVLP"


def es_temporal(pieza: int) -> bool:
    return pieza // 10 >= 5


def superficies_de(pieza: int) -> frozenset[str]:
    """The surfaces tooth ``pieza`` has (empty when it is not a tooth)."""
    if pieza not in PIEZAS:
        return frozenset()
    cuadrante, posicion = divmod(pieza, 10)
    superior = cuadrante in (1, 2, 5, 6)
    return frozenset({"M", "D", "V", "I" if posicion <= 3 else "O", "P" if superior else "L"})


def errores_pieza(pieza, superficies) -> list[str]:
    """Spanish messages of what is wrong with a tooth and its surfaces (none: valid)."""
    if pieza not in PIEZAS:
        return [f"La pieza {pieza} no existe en la notación FDI (11–48 permanentes, 51–85 temporales)."]
    tiene = superficies_de(pieza)
    errores = [f"La pieza {pieza} no tiene superficie {s}." for s in superficies if s not in tiene]
    if len(set(superficies)) != len(superficies):
        errores.append("Hay superficies repetidas.")
    return errores


def normalizar(superficies) -> str:
    """The stored form of a list of surfaces: letters in a fixed order ("MO")."""
    return "".join(sorted(set(superficies or ()), key=ORDEN.index))
