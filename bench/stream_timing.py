"""What bench/stream_latency.py and bench/v1_stream_latency.py share: how a stream's pieces are timed against the
moments bench/fake_gemini.py flushed its chunks, and how the figures are gathered and printed. Each script reads its
own wire format and hands the arrival times here."""
import http.client
import json
import urllib.request
from urllib.parse import urlparse


def since_flushed(fake, arrived_ns):
    """ms from each chunk the fake flushed in its last stream to the arrival of the piece that carries it."""
    sent = json.load(urllib.request.urlopen(f"{fake}/__last_stream"))["sent_ns"]
    assert len(sent) == len(arrived_ns), (sent, arrived_ns)
    return [(got - flushed) / 1e6 for got, flushed in zip(arrived_ns, sent)]


def summary(name, values):
    values = sorted(values)
    p = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    print(f"   {name:<42} p50 {p(0.5):6.2f} ms   p90 {p(0.9):6.2f} ms   p99 {p(0.99):6.2f} ms   max {values[-1]:6.2f} ms"
          f"   (n={len(values)})")


def measure(base, runs, stream_once, labels):
    """Streams `runs` times after a warm-up and prints three lines, named by `labels`: the first event after the
    request was sent, the first chunk's piece after its flush, and every later chunk's. Returns the first-chunk times.
    `stream_once(connection)` returns (ms to the first event, [ms from each flush to its piece])."""
    url = urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    for _ in range(5):  # warm-up: JIT, connection pools
        stream_once(connection)
    firsts, first_pieces, later_pieces = [], [], []
    for _ in range(runs):
        first, pieces = stream_once(connection)
        firsts.append(first)
        first_pieces.append(pieces[0])
        later_pieces.extend(pieces[1:])
    for label, values in zip(labels, (firsts, first_pieces, later_pieces)):
        summary(label, values)
    return first_pieces
