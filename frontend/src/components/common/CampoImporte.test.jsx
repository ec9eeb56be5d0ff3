import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CampoImporte from './CampoImporte';

function Harness({ error, ayuda }) {
  const [value, setValue] = useState('');
  return (
    <>
      <CampoImporte id="monto" label="Monto" value={value} onChange={setValue} error={error} ayuda={ayuda} />
      <output data-testid="valor">{value}</output>
    </>
  );
}

describe('the amount field', () => {
  it('hands over the typed text and asks phones for the decimal keyboard', async () => {
    render(<Harness ayuda="Puede registrar un pago parcial." />);
    const campo = screen.getByLabelText('Monto');
    expect(campo).toHaveAttribute('inputmode', 'decimal');
    await userEvent.type(campo, '1,160.50');
    expect(screen.getByTestId('valor')).toHaveTextContent('1,160.50');
    expect(screen.getByText('Puede registrar un pago parcial.')).toBeInTheDocument();
    expect(campo).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('shows its error in place of the help', () => {
    render(<Harness error="Indique un monto mayor que 0." ayuda="Puede registrar un pago parcial." />);
    expect(screen.getByLabelText('Monto')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Indique un monto mayor que 0.')).toBeInTheDocument();
    expect(screen.queryByText('Puede registrar un pago parcial.')).not.toBeInTheDocument();
  });
});
