// The public API's limits that the patients' pages check before sending (backend/app/schemas/publico.py).

/** Longest motivo a patient may give, booking an appointment or cancelling it. */
export const MAX_MOTIVO = 500;
