import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ServicioDialog from './ServicioDialog';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';
import { limpiarCache } from '../../services/odontologiaService';

const CONDICIONES = [
  { codigo: 'caries', nombre: 'Caries', ambito: 'superficie', color: '#d32f2f' },
  { codigo: 'obturacion_resina', nombre: 'Obturación de resina', ambito: 'superficie', color: '#1976d2' },
  { codigo: 'endodoncia', nombre: 'Endodoncia', ambito: 'pieza', color: '#7b1fa2' },
];

let falso;
beforeEach(() => {
  limpiarCache();
  falso = fakeApi((config) => (config.url === '/odontologia/condiciones' ? [200, CONDICIONES] : [404, { message: 'no' }]));
});
afterEach(() => falso.restaurar());

function abrir(servicio) {
  const onSave = vi.fn().mockResolvedValue(undefined);
  renderWithProviders(<ServicioDialog servicio={servicio} impuestoPorDefecto="16.00" onClose={() => {}} onSave={onSave} />);
  return { user: userEvent.setup(), onSave };
}

describe('the service form', () => {
  it("names the odontogram condition a dental service leaves, from the catalogue", async () => {
    const { user, onSave } = abrir({});
    await user.type(screen.getByLabelText('Nombre'), 'Resina compuesta');
    await user.type(screen.getByLabelText('Precio'), '850');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Condición resultante' })).not.toHaveAttribute('aria-disabled'));
    await user.click(screen.getByRole('combobox', { name: 'Condición resultante' }));
    await user.click(await screen.findByRole('option', { name: 'Obturación de resina' }));
    await user.click(screen.getByRole('button', { name: 'Guardar servicio' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0][1]).toMatchObject({ nombre: 'Resina compuesta', precio: '850.00', condicion_resultante: 'obturacion_resina' });
  });

  it('leaves it empty (null) by default and clears it with «Ninguna»', async () => {
    const { user, onSave } = abrir({ id: 3, nombre: 'Endodoncia unirradicular', precio: '2500.00', impuesto_porcentaje: '16.00', activo: true, condicion_resultante: 'endodoncia' });
    const campo = await screen.findByRole('combobox', { name: 'Condición resultante' });
    await waitFor(() => expect(campo).toHaveTextContent('Endodoncia'));
    await user.click(campo);
    await user.click(await screen.findByRole('option', { name: 'Ninguna' }));
    await user.click(screen.getByRole('button', { name: 'Guardar servicio' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]).toEqual([3, expect.objectContaining({ condicion_resultante: null })]);
  });
});
