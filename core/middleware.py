class LatvianUnlessChosenMiddleware:
    """Latvian for everyone until they choose English with the language switch.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and a
    librarian whose browser happens to be English would get an English portal. The
    switch stores the choice in the language cookie, which LocaleMiddleware still reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
