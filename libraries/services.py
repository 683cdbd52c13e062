"""Writes of the libraries app."""

from libraries.models import User


def user_last_region_set(*, user: User, region_id: int | None) -> None:
    """Remember the region a person was invited to or last held a role in: while they
    hold no role, only that region's methodologists may manage them
    (`libraries.permissions.manageable_users`). A role without a region (national)
    changes nothing."""
    if region_id is None or user.last_region_id == region_id:
        return
    User.objects.filter(pk=user.pk).update(last_region_id=region_id)
    user.last_region_id = region_id
