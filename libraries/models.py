from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from libraries.collation import COLLATION_NAME


def latvian_order(field: str = "name"):
    """Order a queryset by a text field in Latvian alphabetical order."""
    return Collate(models.F(field), COLLATION_NAME).asc()


class Region(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    main_library = models.CharField(
        _("regional main library"), max_length=200, blank=True,
        help_text=_("The library that supports the network by contract."),
    )
    # Issue 20: the public pages of the region and its libraries (published figures only).
    public_pages = models.BooleanField(
        _("public pages"), default=True,
        help_text=_("The region's and its libraries' published figures have public pages "
                    "anyone may open without signing in."))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = [latvian_order()]

    def __str__(self):
        return self.name


class LibraryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def reporting_in(self, year: int):
        """The libraries that report for `year`: active and not closed by that year."""
        return self.active().filter(models.Q(closed_from__isnull=True)
                                    | models.Q(closed_from__gt=year))

    def in_latvian_order(self):
        return self.order_by(latvian_order())


class Library(models.Model):
    class Kind(models.TextChoices):
        PARISH = "parish", _("parish library")
        TOWN = "town", _("town library")

    region = models.ForeignKey(Region, models.PROTECT, related_name="libraries",
                               verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARISH)
    parish = models.CharField(_("parish or town"), max_length=100)
    # "darbojas" (a library that operates), not django.contrib.auth's "aktīvs" of a user
    active = models.BooleanField(pgettext_lazy("library", "active"), default=True)
    external_service_points = models.PositiveSmallIntegerField(
        _("external service points"), default=0)
    closed_from = models.PositiveSmallIntegerField(
        _("closed from year"), null=True, blank=True,
        help_text=_("No report from this year on; earlier years' figures stay."))
    email = models.EmailField(_("email"), blank=True)
    # What a resident needs to find and reach the library (its public page shows them).
    address = models.CharField(_("address"), max_length=300, blank=True,
                               help_text=_("Street and house, place, postcode."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_note = models.CharField(_("opening hours"), max_length=300, blank=True,
                                    help_text=_("As a resident should read them, e.g. "
                                                "“Mon–Fri 10–18, Sat 10–14”."))
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_from",
        verbose_name=_("merged into"),
        help_text=_("Merged into this library from the year it is closed from: its "
                    "figures before that stay its own; the other carries on."))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = [latvian_order()]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"],
                                    name="library_unique_name_in_region"),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True)
                | (models.Q(closed_from__isnull=False) & ~models.Q(merged_into=models.F("id"))),
                name="library_merged_from_its_closing_year"),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person using the portal; what they may do comes from their memberships."""

    last_region = models.ForeignKey(
        Region, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last region"),
        help_text=_("The region that invited this person or in which they last held a "
                    "role: while they hold no role, only its methodologists (and "
                    "administrators) may manage them."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    LIBRARIAN = "librarian", _("librarian")
    METHODOLOGIST = "methodologist", _("methodologist")
    MUNICIPALITY = "municipality", _("municipality")
    # The national library's methodologist: every region's published figures and how far
    # each region's campaign is; no region, no library.
    NATIONAL = "national", _("national methodologist")


class Membership(models.Model):
    """A role held by a user: a librarian in one library, a regional role, or national."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, models.CASCADE, null=True, blank=True,
                               related_name="memberships", verbose_name=_("region"))
    library = models.ForeignKey(Library, models.CASCADE, null=True, blank=True,
                                related_name="memberships", verbose_name=_("library"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.LIBRARIAN, library__isnull=False)
                    | (~models.Q(role=Role.LIBRARIAN) & models.Q(library__isnull=True))
                ),
                name="membership_library_only_for_librarians",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.NATIONAL, region__isnull=True)
                    | (~models.Q(role=Role.NATIONAL) & models.Q(region__isnull=False))
                ),
                name="membership_region_unless_national",
            ),
            models.UniqueConstraint(fields=["user"], condition=models.Q(role=Role.NATIONAL),
                                    name="membership_unique_national_role"),
            models.UniqueConstraint(fields=["user", "library"],
                                    condition=models.Q(library__isnull=False),
                                    name="membership_unique_library"),
            models.UniqueConstraint(fields=["user", "role", "region"],
                                    condition=models.Q(library__isnull=True),
                                    name="membership_unique_regional_role"),
        ]

    def __str__(self):
        where = self.library or self.region or _("Latvia")
        return f"{self.user} · {self.get_role_display()} · {where}"
