"""Two-factor sign-in (TOTP with recovery codes, through django-otp): who needs it and
checking a code. Writes are in `accounts.services`."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from libraries.models import Role

# What the session says about the second step (key SESSION_KEY):
OK = "ok"          # nothing to do: signed in with a code, or no code needed
VERIFY = "verify"  # the user has two-factor sign-in: a code is needed before anything else
SETUP = "setup"    # REQUIRE_2FA_FOR_STAFF and no device yet: setting it up comes first
SESSION_KEY = "libreport_2fa"
# Beside it (key RULE_KEY): REQUIRE_2FA_FOR_STAFF when the state was worked out, or PASSED
# once a code was entered. A session whose rule differs from today's setting is worked out
# again, so turning the requirement on reaches sessions signed in before it.
RULE_KEY = "libreport_2fa_rule"
PASSED = "passed"
RECOVERY_CODE_COUNT = 10


def may_use_two_factor(user) -> bool:
    """Administrators, staff and methodologists: the people who can change others' work."""
    return bool(user.is_superuser or user.is_staff
                or user.memberships.filter(role=Role.METHODOLOGIST).exists())


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def state_for(user) -> str:
    if confirmed_totp(user) is not None:
        return VERIFY
    if getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) and may_use_two_factor(user):
        return SETUP
    return OK


def is_required(user) -> bool:
    return bool(getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) and may_use_two_factor(user))


def _rule() -> str:
    return "required" if getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) else "optional"


def session_remember(session, state: str, *, passed: bool = False) -> str:
    """Write the second step's state into the session, with the rule it was worked out
    under (or PASSED: a code was entered, which no later setting asks again)."""
    session[SESSION_KEY] = state
    session[RULE_KEY] = PASSED if passed else _rule()
    return state


def session_state(session, user) -> str:
    """The session's state, worked out again (two small queries, once per session and
    setting) when the session is from before it was recorded or REQUIRE_2FA_FOR_STAFF
    has changed since: a session signed in while the requirement was off does not keep
    its way past it for the rest of its 12 hours."""
    state = session.get(SESSION_KEY)
    if state is None or session.get(RULE_KEY) not in (PASSED, _rule()):
        state = session_remember(session, state_for(user))
    return state


def normalise_code(code: str) -> str:
    return "".join(str(code).split()).lower()


def check_code(user, code: str):
    """The device that accepts the code (a TOTP code, or a recovery code, which is used
    up), or None. django-otp throttles a device after failures."""
    code = normalise_code(code)
    if not code:
        return None
    if code.isdigit():
        device = confirmed_totp(user)
        if device is not None and device.verify_is_allowed()[0] and device.verify_token(code):
            return device
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            return device
    return None
