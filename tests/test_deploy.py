"""Production settings: `check --deploy` is clean, a missing SECRET_KEY refuses to start,
static files collect with the manifest storage, and /health/ answers for the load balancer."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from core.storage import StaticStorage

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS",
                          "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
                          "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                          "DJANGO_SETTINGS_MODULE",
                          # set by tests/browser/conftest.py for Playwright only
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "libreport.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "biblioteku-parskati.example.lv",
    })
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_reports_no_issues_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    result = manage("check", env=production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_allows_a_missing_secret_key_for_development():
    result = manage("check", env=production_env(SECRET_KEY=None, DEBUG="true"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_serve_static_files_compressed_with_a_manifest():
    probe = ("from django.conf import settings; "
             "print(settings.STORAGES['staticfiles']['BACKEND']); print(settings.DEBUG)")
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", f"import django; django.setup(); {probe}"], cwd=ROOT,
        env=production_env(), capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["core.storage.StaticStorage", "False"]


class GzipOnlyStorage(StaticStorage):
    """The production storage without its Brotli pass: Brotli's best quality took 40 of the
    test's 42 CPU seconds, and whitenoise makes .br files exactly as it makes .gz ones."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)


@pytest.mark.slow  # hashes and gzips every static file
def test_collectstatic_succeeds_and_the_editor_is_served_compressed_for_a_year(tmp_path):
    """Every url() in the CSS must resolve, or the Docker build's collectstatic fails. The
    chapter pages' editor bundle (561 KB) is imported by its hashed name, so WhiteNoise
    sends it compressed with far-future caching, not for a minute under its plain name."""
    import re

    from django.test import RequestFactory
    from whitenoise.middleware import WhiteNoiseMiddleware

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": f"{__name__}.GzipOnlyStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, DEBUG=False,
                           WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        assert (tmp_path / "staticfiles.json").exists()
        assert list(tmp_path.glob("css/app.*.css.gz"))
        from django.templatetags.static import static

        rich_text = static("js/rich-text.js")
        module = (tmp_path / rich_text.removeprefix("/static/")).read_text()
        imported = re.search(r'from "\.\./django_prose_editor/([^"]+)"', module).group(1)
        middleware = WhiteNoiseMiddleware(lambda request: None)
        response = middleware(RequestFactory().get(
            f"/static/django_prose_editor/{imported}", HTTP_ACCEPT_ENCODING="gzip, br"))
        body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"  # .br made the same way in production
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert len(body) < 200_000  # 561 KB uncompressed


@pytest.mark.django_db
def test_health_answers_200_with_json(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_needs_no_login_and_no_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    assert client.get("/").status_code == 301  # everything else goes to https
    response = client.get("/health/")
    assert response.status_code == 200
