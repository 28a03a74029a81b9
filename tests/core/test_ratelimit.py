"""core.ratelimit: whose address a request is from, and counting actions against limits."""

import time

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory, override_settings

from placeboard.core import ratelimit
from placeboard.core.ratelimit import Limit, client_ip, count, over_limit, window_words
from tests.core.test_settings import load_settings

PROXY = "10.0.0.2"


@pytest.fixture
def clock(monkeypatch):
    """time.time() under the test's control; the cache backends read it too."""
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    return advance


def request_from(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


# client_ip -------------------------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"


def test_a_spoofed_header_from_an_untrusted_client_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_the_trusted_proxy_says_who_connected_to_it(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, "198.51.100.1")) == "198.51.100.1"
    # The client wrote the left-most entries itself; only what the proxy added counts.
    assert client_ip(request_from(PROXY, "192.0.2.99, 198.51.100.1")) == "198.51.100.1"
    assert client_ip(request_from(PROXY, "127.0.0.1,10.0.0.2, 198.51.100.1")) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.3"]
    assert client_ip(request_from(PROXY, "192.0.2.99, 198.51.100.1, 10.0.0.3")) == "198.51.100.1"
    # Every hop trusted: the furthest one known.
    assert client_ip(request_from(PROXY, "10.0.0.3")) == "10.0.0.3"


def test_trusted_proxies_may_be_networks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    assert client_ip(request_from("10.9.8.7", "198.51.100.1, 10.1.1.1")) == "198.51.100.1"
    assert client_ip(request_from("2001:db8::5", "2001:db8:ffff::1, 2001:db8::9")) == "2001:db8:ffff::1"
    assert client_ip(request_from("11.0.0.1", "198.51.100.1")) == "11.0.0.1"


def test_addresses_are_read_in_their_usual_forms(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # An IPv4 client seen over an IPv6 socket, and proxies that add a port.
    assert client_ip(request_from("::ffff:127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    assert client_ip(request_from("127.0.0.1", "198.51.100.1:4321")) == "198.51.100.1"
    assert client_ip(request_from("127.0.0.1", "[2001:db8::1]:443")) == "2001:db8::1"


@pytest.mark.parametrize("forwarded", ["", "garbage", "198.51.100.1, not-an-ip", " , ", "1.2.3.999", "<script>"])
def test_a_garbled_header_falls_back_to_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, forwarded)) == PROXY


def test_garbage_left_of_the_client_is_never_read(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, "garbage, 198.51.100.1")) == "198.51.100.1"


def test_no_remote_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = request_from(PROXY)
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == "unknown"


# Counting --------------------------------------------------------------------------------------


def test_counts_up_to_the_limit_for_each_key():
    for _ in range(2):
        assert not over_limit("test", ["a@example.org", "192.0.2.1"], 2)
        count("test", ["a@example.org", "192.0.2.1"], 3600)
    assert over_limit("test", ["a@example.org", "192.0.2.9"], 2)  # the e-mail address is at its limit
    assert over_limit("test", ["b@example.org", "192.0.2.1"], 2)  # so is the IP address
    assert not over_limit("test", ["b@example.org", "192.0.2.9"], 2)
    assert not over_limit("other", ["a@example.org"], 2)  # scopes are counted apart
    assert not over_limit("test", ["", None], 0)  # empty keys are not counted


def test_the_window_ends_from_the_first_action(clock):
    count("test", ["a"], 3600)
    clock(3000)
    count("test", ["a"], 3600)  # a later action does not stretch the window
    assert over_limit("test", ["a"], 2)
    clock(601)
    assert not over_limit("test", ["a"], 2)
    count("test", ["a"], 3600)
    assert not over_limit("test", ["a"], 2)


def test_the_file_based_cache_keeps_the_whole_window(clock, tmp_path):
    """Its incr rewrites an entry with the default timeout (300 s); the window must survive that."""
    file_cache = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                              "LOCATION": str(tmp_path)}}
    with override_settings(CACHES=file_cache):
        assert "FileBasedCache" in type(caches["default"]).__name__
        for _ in range(3):
            count("test", ["a"], 3600)
        clock(1800)
        assert over_limit("test", ["a"], 3)
        clock(1801)
        assert not over_limit("test", ["a"], 1)


def test_keys_are_never_stored_in_clear():
    count("test", ["Someone.Private@example.org"], 3600)
    key = ratelimit.cache_key("test", "Someone.Private@example.org")
    assert "example" not in key and key.startswith("pb-rate:test:") and cache.get(key) == 1
    # Any characters at all make a usable key.
    count("test", ["spaces and\nnewlines \u00e9\u4e2d" * 50], 3600)
    with pytest.raises(ValueError):
        ratelimit.cache_key("Has spaces", "x")


@pytest.mark.parametrize("seconds, words", [
    (3600, "an hour"), (7200, "2 hours"), (1800, "30 minutes"), (60, "1 minute"), (5, "1 minute"),
    (5400, "90 minutes"),
])
def test_window_words(seconds, words):
    assert window_words(seconds) == words


def test_a_limit_reads_its_settings_when_used(settings):
    settings.TEST_LIMIT, settings.TEST_WINDOW = 1, 1800
    limit = Limit("test", "TEST_LIMIT", "TEST_WINDOW")
    assert limit.check(["a"]) is None
    limit.count(["a"])
    assert limit.check(["a"]) == "You have sent too many requests in the last 30 minutes. Try again in 30 minutes."
    settings.TEST_LIMIT, settings.TEST_WINDOW = 2, 3600
    assert limit.check(["a"]) is None
    custom = Limit("test", "TEST_LIMIT", "TEST_WINDOW", message="Too many in the last {period}; wait {wait}.")
    assert custom.refusal() == "Too many in the last hour; wait an hour."


def test_residents_behind_a_trusted_proxy_are_limited_separately(settings):
    limit = Limit("test", "TEST_LIMIT", "TEST_WINDOW")
    settings.TEST_LIMIT, settings.TEST_WINDOW = 1, 3600
    ann = request_from("127.0.0.1", "198.51.100.1")
    bob = request_from("127.0.0.1", "198.51.100.2")

    settings.TRUSTED_PROXIES = []  # as before: everyone is the proxy
    limit.count([client_ip(ann)])
    assert limit.check([client_ip(bob)])

    cache.clear()
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    limit.count([client_ip(ann)])
    assert limit.check([client_ip(ann)])
    assert limit.check([client_ip(bob)]) is None


# Settings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["localhost", "10.0.0.5/24", "127.0.0.1,nonsense", "300.0.0.1"])
def test_bad_trusted_proxies_stop_start_up(value):
    result = load_settings(DEBUG="1", TRUSTED_PROXIES=value)
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be comma-separated IP addresses or networks" in result.stderr
    assert repr(value.split(",")[-1]) in result.stderr


def test_good_trusted_proxies_are_accepted():
    result = load_settings(DEBUG="1", TRUSTED_PROXIES="127.0.0.1, ::1,10.0.0.0/8")
    assert result.returncode == 0, result.stderr
