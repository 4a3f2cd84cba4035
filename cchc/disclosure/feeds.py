"""Atom feed of the latest publications (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cchc.disclosure import selectors


class LatestPublicationsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Thông tin công khai mới")
    subtitle = _(
        "Văn bản, kế hoạch, tuyển dụng, kết quả khảo sát, rà soát hộ nghèo và thông báo mới công khai."
    )

    def link(self):
        return reverse("portal:disclosure:index")

    def items(self):
        return selectors.feed_items()

    def item_title(self, item):
        return f"{item.number} {item.title}".strip()

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("portal:disclosure:detail", args=[item.slug, item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [str(item.get_kind_display())]

    def item_guid(self, item):
        return f"tag:cchc,{item.issued_on.isoformat()}:cong-khai/{item.pk}"

    def item_guid_is_permalink(self, item):
        return False
