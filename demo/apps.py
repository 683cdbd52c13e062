from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world: `seed_demo` and everything it writes (network, figures, lists,
    texts, pictures, published versions, the synthetic regions)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
