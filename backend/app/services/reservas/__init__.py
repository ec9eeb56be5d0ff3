"""Online booking (API.md "Online booking", docs/reserva-en-linea.md): patients book their own appointment.

- ``catalogo``: what the public pages offer — the branches, specialties and doctors that take online bookings, and
  their free slots within the clinic's notice and horizon, in the branch's time zone.
- ``solicitudes``: the request (a slot and the patient's data, a 6-digit code e-mailed through the outbox) and its
  verification, which books the appointment under the same exclusion constraints as the staff's bookings.
- ``pacientes``: the patient a verified request books for — matched by document or e-mail and birth date, never
  duplicated.
"""

# 409 reason of a booking that online booking may not make (off, a doctor who does not take it, outside the notice or
# horizon, or what the matched patient's own record refuses).
NO_DISPONIBLE = "RESERVA_NO_DISPONIBLE"
