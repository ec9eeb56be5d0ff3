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


def test_an_expired_access_token_is_renewed_silently_with_the_refresh_cookie(page, login, usuario_factory, db_session):
    usuario = usuario_factory(rol="Recepcionista")
    db_session.commit()
    login(usuario)
    page.console.expect_http_error(401)  # the first answer to the expired token, before the refresh
    vencido = []

    def primera_vez_401(route):
        if vencido:
            route.continue_()
            return
        vencido.append(route.request.url)
        route.fulfill(status=401, json={"code": 401, "status": "Unauthorized", "reason": "TOKEN_EXPIRADO",
                                        "message": "La sesión ha expirado; inicie sesión de nuevo"})

    page.route("**/api/pacientes**", primera_vez_401)
    with page.expect_response(lambda r: r.url.endswith("/api/auth/refresh") and r.status == 200) as refresh:
        page.get_by_test_id("nav-pacientes").click()
    assert refresh.value.request.headers.get("x-requested-with") == "clinica-erp"
    expect(page.get_by_label("Buscar paciente")).to_be_visible()
    assert vencido and "/login" not in page.url


def test_no_token_is_left_where_a_script_could_read_it(page, login, usuario_factory, db_session):
    usuario = usuario_factory(rol="Recepcionista")
    db_session.commit()
    with page.expect_response(lambda r: r.url.endswith("/api/auth/login")) as respuesta:
        login(usuario)
    access = respuesta.value.json()["access_token"]
    assert "refresh_token" not in respuesta.value.json()
    almacenado = page.evaluate("JSON.stringify({...localStorage, ...sessionStorage}) + document.cookie")
    assert access not in almacenado and "eyJ" not in almacenado
    cookie = next(c for c in page.context.cookies() if c["name"] == "clinica_refresh")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/api/auth"


def test_logout_revokes_the_session_and_protected_pages_ask_for_login_again(page, login, usuario_factory,
                                                                            db_session):
    usuario = usuario_factory(rol="Recepcionista")
    db_session.commit()
    # A request of the page still in flight when the session ends is answered 401: expected here.
    page.console.expect_http_error(401)
    with page.expect_response(lambda r: r.url.endswith("/api/auth/login")) as entrada:
        login(usuario)
    token = entrada.value.json()["access_token"]
    with page.expect_response(lambda r: r.url.endswith("/api/auth/logout")) as revocacion:
        page.get_by_role("button", name="Cerrar sesión").click()
    assert revocacion.value.status == 204
    page.wait_for_url(re.compile(r"/login"))
    assert page.evaluate("localStorage.getItem('clinica.sesion')") is None
    assert not [c for c in page.context.cookies() if c["name"] == "clinica_refresh"]
    respuesta = page.request.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert respuesta.status == 401
    page.goto("/agenda")
    page.wait_for_url(re.compile(r"/login"))
    expect(page.get_by_label("Correo electrónico")).to_be_visible()
