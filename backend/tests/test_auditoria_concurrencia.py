"""Auditing does not serialise requests: a transaction holding audit rows open blocks nobody."""
import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Auditoria
from app.services import auditoria_service


@pytest.mark.committed
def test_an_open_transaction_with_audit_rows_does_not_block_another_writer(app):
    registrada = threading.Event()
    segunda_confirmada = threading.Event()
    errores = []

    def lenta():
        with app.app_context():
            try:
                auditoria_service.registrar("lenta")
                db.session.flush()
                registrada.set()
                # Holds its row (and the transaction) open until the other writer has committed; if that
                # writer were waiting for this transaction, it would never commit first.
                if not segunda_confirmada.wait(timeout=20):
                    errores.append("el otro escritor quedó bloqueado por esta transacción")
                db.session.commit()
            except Exception as exc:  # reported below
                errores.append(exc)
            finally:
                db.session.remove()

    hilo = threading.Thread(target=lenta)
    hilo.start()
    assert registrada.wait(timeout=30)
    with app.app_context():
        auditoria_service.registrar("rapida")
        db.session.commit()
        segunda_confirmada.set()
        db.session.remove()
    hilo.join(timeout=30)
    assert not errores and not hilo.is_alive()
    acciones = set(db.session.scalars(select(Auditoria.accion)))
    assert acciones == {"lenta", "rapida"}
    assert db.session.scalar(select(func.count()).select_from(Auditoria).where(Auditoria.huella.is_not(None))) == 2
    assert auditoria_service.verificar(sellar=False)["problemas"] == []
