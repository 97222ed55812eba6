"""Signed dashboard links: a token works for its person and cluster until it expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.signed_links import TTL, DashboardLinks, Grant, sign, verify

SECRET = b"s" * 32
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def test_a_token_grants_its_person_and_cluster_for_a_day() -> None:
    token = sign(SECRET, 12, 3, NOW)
    expires = int((NOW + TTL).timestamp())
    assert verify(SECRET, token, NOW + TTL - timedelta(seconds=1)) == Grant(12, 3, expires)
    assert verify(SECRET, token, NOW + TTL) is None  # expired


def test_a_changed_or_foreign_token_is_refused() -> None:
    token = sign(SECRET, 12, 3, NOW)
    person, cluster, expires, signature = token.split(".")
    assert verify(SECRET, f"{person}.4.{expires}.{signature}", NOW) is None  # other cluster
    assert verify(SECRET, f"13.{cluster}.{expires}.{signature}", NOW) is None  # other person
    later = int(expires) + 86_400
    assert verify(SECRET, f"{person}.{cluster}.{later}.{signature}", NOW) is None
    assert verify(b"t" * 32, token, NOW) is None  # another server's secret
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert verify(SECRET, f"{person}.{cluster}.{expires}.{flipped}", NOW) is None
    for junk in ("", "1.2.3", "../../etc/passwd", token + "x", token.replace(".", "/")):
        assert verify(SECRET, junk, NOW) is None


def test_links_carry_the_base_url() -> None:
    links = DashboardLinks(SECRET, "https://bot.example.vn")
    url = links.url(5, 0, NOW)
    assert url.startswith("https://bot.example.vn/dashboard/5.0.")
    assert verify(SECRET, url.rsplit("/", 1)[1], NOW) == Grant(5, 0, int((NOW + TTL).timestamp()))
