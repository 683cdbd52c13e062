from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in through a web request (the portal's
    login and the admin's both pass the request). Calls without a request, which no
    page makes (the test client's `login()`, management commands), are left to the next
    backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
