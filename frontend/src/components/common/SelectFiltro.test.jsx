import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SelectFiltro from './SelectFiltro';

function Harness({ opciones, todos }) {
  const [value, setValue] = useState('');
  return (
    <>
      <SelectFiltro id="f" label="Sucursal" value={value} opciones={opciones} onChange={setValue} todos={todos} />
      <output data-testid="valor">{value}</output>
    </>
  );
}

describe('a filter select', () => {
  it('offers "all" first, then the options, and hands over the chosen value as a string', async () => {
    const user = userEvent.setup();
    render(<Harness opciones={[{ id: 1, label: 'Centro' }, { id: 2, label: 'Norte' }]} todos="Todas" />);
    const select = screen.getByRole('combobox', { name: 'Sucursal' });
    expect(select).toHaveTextContent('Todas');
    await user.click(select);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Todas', 'Centro', 'Norte']);
    await user.click(screen.getByRole('option', { name: 'Norte' }));
    expect(screen.getByTestId('valor')).toHaveTextContent('2');
    expect(select).toHaveTextContent('Norte');

    await user.click(select);
    await user.click(screen.getByRole('option', { name: 'Todas' }));
    expect(screen.getByTestId('valor')).toBeEmptyDOMElement();
  });

  it('says "Todos" unless told otherwise, and takes the options as an object of labels too', async () => {
    const user = userEvent.setup();
    render(<Harness opciones={{ enviado: 'Enviado', fallido: { label: 'Fallido' } }} />);
    await user.click(screen.getByRole('combobox', { name: 'Sucursal' }));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Todos', 'Enviado', 'Fallido']);
  });
});
