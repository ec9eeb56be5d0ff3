import { describe, expect, it } from 'vitest';
import { puede, sucursalLimitada } from './roles';

describe('the branch a user is limited to', () => {
  it('is her own for a Recepcionista or Facturación user bound to a branch', () => {
    expect(sucursalLimitada({ rol: 'Recepcionista', sucursal_id: 2 })).toBe(2);
    expect(sucursalLimitada({ rol: 'Facturación', sucursal_id: 3 })).toBe(3);
  });

  it('is none for those users unbound, for an Administrador or a Médico with a branch, and for nobody', () => {
    expect(sucursalLimitada({ rol: 'Recepcionista', sucursal_id: null })).toBeNull();
    expect(sucursalLimitada({ rol: 'Facturación' })).toBeNull();
    expect(sucursalLimitada({ rol: 'Administrador', sucursal_id: 1 })).toBeNull();
    expect(sucursalLimitada({ rol: 'Médico', sucursal_id: 1 })).toBeNull();
    expect(sucursalLimitada(null)).toBeNull();
  });
});

describe('own calendar', () => {
  it('is a Médico\'s only', () => {
    expect(puede({ rol: 'Médico' }, 'calendario.propio')).toBe(true);
    expect(['Administrador', 'Recepcionista', 'Facturación'].some((rol) => puede({ rol }, 'calendario.propio'))).toBe(false);
  });
});

describe('treatment plans', () => {
  const ROLES_TODOS = ['Administrador', 'Médico', 'Recepcionista', 'Facturación'];
  const quienes = (permiso) => ROLES_TODOS.filter((rol) => puede({ rol }, permiso));

  it('are read by every role, written and carried out by the Médico only', () => {
    expect(quienes('planes.ver')).toEqual(ROLES_TODOS);
    expect(quienes('planes.escribir')).toEqual(['Médico']);
    expect(quienes('planes.realizar')).toEqual(['Médico']);
  });

  it('move through their states by the Médico or the reception, and are invoiced by billing', () => {
    expect(quienes('planes.estado')).toEqual(['Médico', 'Recepcionista']);
    expect(quienes('planes.facturar')).toEqual(['Administrador', 'Facturación']);
  });
});

describe('the odontogram', () => {
  const ROLES_TODOS = ['Administrador', 'Médico', 'Recepcionista', 'Facturación'];
  const quienes = (permiso) => ROLES_TODOS.filter((rol) => puede({ rol }, permiso));

  it('is read like the clinical history and written by the Médico only', () => {
    expect(quienes('odontograma.ver')).toEqual(quienes('historial.ver'));
    expect(quienes('odontograma.ver')).toEqual(['Administrador', 'Médico']);
    expect(quienes('odontograma.escribir')).toEqual(['Médico']);
  });
});

describe('imports', () => {
  it('are the Administrador\'s only', () => {
    const ROLES_TODOS = ['Administrador', 'Médico', 'Recepcionista', 'Facturación'];
    expect(ROLES_TODOS.filter((rol) => puede({ rol }, 'importaciones.ver'))).toEqual(['Administrador']);
  });
});
