import { TablePagination } from '@mui/material';

/** The footer of a table the server pages with a fixed page size; `page` counts from 1, and so does `onPage(p)`. */
export default function PaginacionTabla({ total, page, perPage, onPage }) {
  return (
    <TablePagination
      component="div"
      count={total}
      page={page - 1}
      rowsPerPage={perPage}
      rowsPerPageOptions={[perPage]}
      onPageChange={(_, p) => onPage(p + 1)}
      labelDisplayedRows={({ from, to, count }) => `${from}–${to} de ${count}`}
      getItemAriaLabel={(type) => (type === 'next' ? 'Página siguiente' : 'Página anterior')}
    />
  );
}
