import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SelectMetodoPago from './SelectMetodoPago';

function Harness() {
  const [metodo, setMetodo] = useState('efectivo');
  return (
    <>
      <SelectMetodoPago id="metodo" label="Método de pago" value={metodo} onChange={setMetodo} />
      <output data-testid="valor">{metodo}</output>
    </>
  );
}

describe('the payment method select', () => {
  it('offers every payment method and hands over the chosen id', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Método de pago' }));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Efectivo', 'Tarjeta', 'Transferencia']);
    await userEvent.click(screen.getByRole('option', { name: 'Transferencia' }));
    expect(screen.getByTestId('valor')).toHaveTextContent('transferencia');
  });
});
