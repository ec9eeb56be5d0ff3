"""Administration in a real browser: users (create, role, branch, deactivate, reset password),
branches with their time zone, specialties and the clinic settings."""
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import ConfiguracionClinica, Especialidad, Sucursal, Usuario
from app.utils.auth import verify_password
from tests.browser.ayudas import elegir


def test_the_administrador_creates_a_user_changes_role_and_branch_resets_the_password_and_deactivates(
        page, login, usuario_factory, sucursal_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    sucursal_factory(nombre="Poniente")
    db_session.commit()

    login(admin)
    page.get_by_test_id("nav-administracion").click()
    page.get_by_role("button", name="Nuevo usuario").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Nombre").fill("Carla")
    dialogo.get_by_label("Apellido").fill("Ríos")
    dialogo.get_by_label("Correo electrónico").fill("carla.rios@clinica.local")
    dialogo.get_by_label("Contraseña").fill("corta")
    dialogo.get_by_role("button", name="Guardar usuario").click()
    expect(dialogo.get_by_text("La contraseña debe tener al menos 10 caracteres.")).to_be_visible()
    dialogo.get_by_label("Contraseña").fill("clave-segura-2026")
    elegir(dialogo, "Rol", "Facturación")
    elegir(dialogo, "Sucursal", "Poniente")
    dialogo.get_by_role("button", name="Guardar usuario").click()
    expect(dialogo).to_be_hidden()
    expect(page.get_by_test_id("admin-aviso")).to_have_text("Usuario creado.")

    db.session.expire_all()
    carla = db.session.scalars(select(Usuario).where(Usuario.email == "carla.rios@clinica.local")).one()
    assert carla.rol.nombre == "Facturación"
    assert db.session.get(Sucursal, carla.sucursal_id).nombre == "Poniente"

    page.get_by_role("button", name="Editar carla.rios@clinica.local").click()
    dialogo = page.get_by_role("dialog")
    elegir(dialogo, "Rol", "Recepcionista")
    elegir(dialogo, "Sucursal", "Sin sucursal")
    dialogo.get_by_role("button", name="Guardar usuario").click()
    expect(page.get_by_test_id("admin-aviso")).to_have_text("Usuario actualizado.")

    page.get_by_role("button", name="Restablecer contraseña de carla.rios@clinica.local").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Nueva contraseña").fill("otra-clave-larga-1")
    dialogo.get_by_role("button", name="Restablecer contraseña").click()
    expect(page.get_by_test_id("admin-aviso")).to_contain_text("Contraseña restablecida")

    page.get_by_role("button", name="Desactivar carla.rios@clinica.local").click()
    fila = page.locator('[data-testid="usuario-row"][data-email="carla.rios@clinica.local"]')
    expect(fila).to_contain_text("Inactivo")

    db.session.expire_all()
    carla = db.session.get(Usuario, carla.id)
    assert (carla.rol.nombre, carla.sucursal_id, carla.activo) == ("Recepcionista", None, False)
    assert verify_password(carla.password_hash, "otra-clave-larga-1")
    expect(page.get_by_role("button", name=f"Desactivar {admin.email}")).to_have_count(0)
    assert page.console.errors == []


def test_a_duplicate_email_shows_the_servers_message_under_the_form(page, login, usuario_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    otro = usuario_factory(rol="Médico")
    db_session.commit()
    page.console.expect_http_error(409)

    login(admin)
    page.goto("/administracion")
    page.get_by_role("button", name="Nuevo usuario").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Nombre").fill("Doble")
    dialogo.get_by_label("Apellido").fill("Correo")
    dialogo.get_by_label("Correo electrónico").fill(otro.email)
    dialogo.get_by_label("Contraseña").fill("clave-segura-2026")
    dialogo.get_by_role("button", name="Guardar usuario").click()
    expect(dialogo.get_by_test_id("error-alert")).to_be_visible()
    expect(dialogo).to_be_visible()
    assert page.console.errors == []


def test_branches_with_time_zone_specialties_and_clinic_settings(page, login, usuario_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    db_session.commit()

    login(admin)
    page.goto("/administracion?seccion=sucursales")
    page.get_by_role("button", name="Nueva sucursal").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Nombre").fill("Sucursal Lima")
    dialogo.get_by_label("Dirección").fill("Av. Arequipa 1234")
    dialogo.get_by_label("Zona horaria").fill("America/Lima")
    page.get_by_role("option", name="America/Lima", exact=True).click()
    dialogo.get_by_role("button", name="Guardar sucursal").click()
    expect(dialogo).to_be_hidden()
    expect(page.get_by_test_id("sucursal-row").filter(has_text="Sucursal Lima")).to_contain_text("America/Lima")

    page.get_by_role("tab", name="Especialidades").click()
    page.get_by_role("button", name="Nueva especialidad").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Nombre").fill("Dermatología pediátrica")
    dialogo.get_by_role("button", name="Guardar especialidad").click()
    expect(page.get_by_test_id("especialidad-row").filter(has_text="Dermatología pediátrica")).to_have_count(1)

    page.get_by_role("tab", name="Configuración").click()
    page.get_by_label("Nombre de la clínica").fill("Clínica San Rafael")
    page.get_by_label("Moneda").fill("pen")
    page.get_by_label("Impuesto por defecto (%)").fill("18")
    page.get_by_role("button", name="Guardar configuración").click()
    expect(page.get_by_test_id("admin-aviso")).to_have_text("Configuración guardada.")
    expect(page.get_by_label("Impuesto por defecto (%)")).to_have_value("18.00")

    db.session.expire_all()
    sucursal = db.session.scalars(select(Sucursal).where(Sucursal.nombre == "Sucursal Lima")).one()
    assert (sucursal.zona_horaria, sucursal.direccion) == ("America/Lima", "Av. Arequipa 1234")
    assert db.session.scalars(select(Especialidad).where(Especialidad.nombre == "Dermatología pediátrica")).one()
    config = db.session.get(ConfiguracionClinica, 1)
    assert (config.nombre, config.moneda, config.impuesto_porcentaje) == ("Clínica San Rafael", "PEN", Decimal("18.00"))
    assert page.console.errors == []


def test_other_roles_do_not_see_administration(page, login, usuario_factory, db_session):
    recepcion = usuario_factory(rol="Recepcionista")
    db_session.commit()
    login(recepcion)
    expect(page.get_by_test_id("nav-administracion")).to_have_count(0)
    page.goto("/administracion")
    expect(page.get_by_text("No tiene permiso para acceder a esta sección.")).to_be_visible()
    assert page.console.errors == []
