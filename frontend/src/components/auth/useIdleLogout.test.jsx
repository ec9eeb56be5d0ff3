import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render } from '@testing-library/react';
import useIdleLogout from './useIdleLogout';
import config from '../../config';

function Probe({ onIdle, timeoutMs = 60000, enabled = true }) {
  useIdleLogout({ enabled, timeoutMs, onIdle });
  return null;
}

describe('idle logout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes the session after the idle time without activity', () => {
    const onIdle = vi.fn();
    render(<Probe onIdle={onIdle} />);
    act(() => vi.advanceTimersByTime(59000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(16000));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts keyboard and mouse activity', () => {
    const onIdle = vi.fn();
    render(<Probe onIdle={onIdle} />);
    act(() => vi.advanceTimersByTime(50000));
    act(() => {
      window.dispatchEvent(new Event('keydown'));
    });
    act(() => vi.advanceTimersByTime(50000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(30000));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('closes at once a session left idle before a reload', () => {
    window.localStorage.setItem(config.storageKeys.lastActivity, String(Date.now() - 120000));
    const onIdle = vi.fn();
    render(<Probe onIdle={onIdle} />);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does nothing while disabled (logged out)', () => {
    const onIdle = vi.fn();
    render(<Probe onIdle={onIdle} enabled={false} />);
    act(() => vi.advanceTimersByTime(600000));
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('defaults to 15 minutes', () => {
    expect(config.idleTimeoutMinutes).toBe(15);
  });
});
