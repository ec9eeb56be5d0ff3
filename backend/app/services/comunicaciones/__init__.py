"""Patient messages (API.md "Patient messages"; docs/comunicaciones.md).

- ``outbox``: enqueue a message in the caller's transaction (the only way a message is created);
- ``recordatorios``: which messages an appointment's booking, rescheduling and cancellation cause;
- ``plantillas``: the texts, their placeholders and how a message is rendered;
- ``canales``: email (SMTP), WhatsApp Cloud API, Twilio-compatible SMS, behind one interface;
- ``entrega``: the worker's delivery of what is due (locks, retries, quiet hours);
- ``configuracion``: the settings of reminders and templates;
- ``consultas``: the message log the staff see.
"""
