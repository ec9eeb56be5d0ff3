import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import DateField from './DateField';

function Harness({ inicial = '' }) {
  const [value, setValue] = useState(inicial);
  return (
    <>
      <DateField id="f" label="Fecha" value={value} onChange={setValue} />
      <output data-testid="valor">{value}</output>
    </>
  );
}

describe('the date field', () => {
  it('shows an ISO value as dd/mm/aaaa', () => {
    render(<Harness inicial="2024-03-05" />);
    expect(screen.getByLabelText('Fecha')).toHaveValue('05/03/2024');
  });

  it('turns what is typed as dd/mm/aaaa into an ISO value', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Fecha'), '14/07/1985');
    expect(screen.getByTestId('valor')).toHaveTextContent('1985-07-14');
  });

  it('accepts an ISO date and shows it as dd/mm/aaaa after leaving the field', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Fecha'), '1985-07-14');
    await user.tab();
    expect(screen.getByLabelText('Fecha')).toHaveValue('14/07/1985');
    expect(screen.getByTestId('valor')).toHaveTextContent('1985-07-14');
  });

  it('passes an incomplete date through so validation can flag it', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Fecha'), '14/07');
    expect(screen.getByTestId('valor')).toHaveTextContent('14/07');
  });
});
