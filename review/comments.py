"""The methodologist's unresolved comments as the librarian's pages show them: beside the
figure or chapter they are about, and listed in the status panel with a link to it."""

from dataclasses import dataclass

from catalogue.models import Chapter
from review.models import ReviewComment
from submissions.models import Submission
from submissions.selectors import field_id, section_id


def open_comments(submission: Submission) -> list[ReviewComment]:
    """The methodologist's unresolved comments on the submission's fields."""
    return list(ReviewComment.objects.filter(submission=submission, resolved_at__isnull=True)
                .select_related("author", "indicator__chapter", "indicator__parent",
                                "section__chapter"))


@dataclass
class CommentItem:
    """One unresolved comment in the status panel: what it is about and where that is."""

    comment: ReviewComment
    chapter: Chapter | None
    anchor: str
    label: str


def comment_items(comments) -> list[CommentItem]:
    """The unresolved comments with the chapter and anchor of their field (no queries when
    the comments come from open_comments)."""
    items = []
    for comment in comments:
        if comment.indicator_id:
            indicator = comment.indicator
            items.append(CommentItem(comment, indicator.chapter, field_id(indicator.code),
                                     indicator.label))
        elif comment.section_id:
            section = comment.section
            items.append(CommentItem(comment, section.chapter, section_id(section.code),
                                     section.title))
        else:
            items.append(CommentItem(comment, None, "", ""))
    return sorted(items, key=lambda item: (item.chapter.number if item.chapter else 0,))
