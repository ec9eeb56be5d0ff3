"""Small SQL helpers."""


def contiene(texto: str) -> str:
    """ILIKE pattern matching ``texto`` anywhere, with % _ and \\ taken literally."""
    escapado = texto.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escapado}%"
