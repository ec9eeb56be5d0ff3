// A select whose empty value ("Todos", "Sin sucursal"…) is an option: show it, keep the label up.
export const SELECT_CON_VACIO = { select: { displayEmpty: true }, inputLabel: { shrink: true } };
