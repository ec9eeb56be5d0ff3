"""The app shell in a real browser: login, navigation per role, logout, deep links."""
import re

from playwright.sync_api import expect


def test_a_wrong_password_shows_the_servers_spanish_message(page, usuario_factory, db_session):
    usuario = usuario_factory()
    db_session.commit()
    page.console.expect_http_error(401)
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill(usuario.email)
    page.get_by_label("Contraseña").fill("no-es-la-contraseña")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_text("Correo o contraseña incorrectos")).to_be_visible()
    assert "/login" in page.url


def test_the_administrador_logs_in_and_the_session_survives_a_reload(page, login, usuario_factory, db_session):
    admin = usuario_factory(rol="Administrador", nombre="Alicia")
    db_session.commit()
    login(admin)
    page.reload()
    expect(page.get_by_text("Alicia").first).to_be_visible()
    assert "/login" not in page.url
    assert page.console.errors == []


def test_a_deep_link_before_login_returns_there_after_login(page, usuario_factory, db_session):
    usuario = usuario_factory(rol="Recepcionista")
    db_session.commit()
    page.goto("/pacientes")
    page.wait_for_url(re.compile(r"/login"))
    page.get_by_label("Correo electrónico").fill(usuario.email)
    page.get_by_label("Contraseña").fill("contraseña-segura-1")
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_url(re.compile(r"/pacientes$"))
    assert page.console.errors == []
