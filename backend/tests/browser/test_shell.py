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


def test_an_expired_access_token_is_renewed_silently_with_the_refresh_token(page, login, usuario_factory, db_session):
    usuario = usuario_factory(rol="Recepcionista")
    db_session.commit()
    login(usuario)
    page.console.expect_http_error(401)  # the first answer to the broken token, before the refresh
    page.evaluate("localStorage.setItem('clinica.access_token', 'token-vencido')")
    with page.expect_response(lambda r: r.url.endswith("/api/auth/refresh") and r.status == 200):
        page.goto("/pacientes")
    expect(page.get_by_label("Buscar paciente")).to_be_visible()
    assert "/login" not in page.url
    assert page.evaluate("localStorage.getItem('clinica.access_token')") != "token-vencido"


def test_logout_revokes_the_session_and_protected_pages_ask_for_login_again(page, login, usuario_factory,
                                                                            db_session):
    usuario = usuario_factory(rol="Recepcionista")
    db_session.commit()
    # A request of the page still in flight when the session ends is answered 401: expected here.
    page.console.expect_http_error(401)
    login(usuario)
    token = page.evaluate("localStorage.getItem('clinica.access_token')")
    with page.expect_response(lambda r: r.url.endswith("/api/auth/logout")) as revocacion:
        page.get_by_role("button", name="Cerrar sesión").click()
    assert revocacion.value.status == 204
    page.wait_for_url(re.compile(r"/login"))
    assert page.evaluate("localStorage.getItem('clinica.access_token')") is None
    respuesta = page.request.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert respuesta.status == 401
    page.goto("/agenda")
    page.wait_for_url(re.compile(r"/login"))
    expect(page.get_by_label("Correo electrónico")).to_be_visible()
