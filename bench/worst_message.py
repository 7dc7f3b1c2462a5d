"""The worst message: handling time and memory per message length, through the whole service.

    python bench/worst_message.py            # 1k, 4k, 16k and 28k characters
    python bench/worst_message.py --quick    # 1k and 4k only

Starts the real app (``bot.app.create_app``, a SQLite file in a temporary folder, the sample minutes)
on 127.0.0.1 in this process and posts adversarial Teams messages (``deliveryMode: expectReplies``,
so the replies come back in the HTTP answer and no connector is needed): one long word, many distinct
long words, repeated punctuation after each command word, long runs of spaces, nested brackets,
unclosed @mention tags. For each length it prints the slowest message's handling time (wall clock
for the POST), the process's RSS growth over the run so far and its peak RSS, and /healthz's time
while the slowest message of that length is in flight. No assertions: the figures are the output.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ACTIVITY = ROOT / ".." / "shared" / "activities" / "message_personal_chat.json"
COMMAND_WORDS = (
    "referatmappe",
    "kalendergruppe",
    "synkronisering",
    "fjern referatmappe",
    "påmind mig",
    "stop påmindelser",
    "link committee",
    "tilknyt",
    "forslag",
    "vis punkt 1 i",
    "nyt møde",
    "flyt mødet",
    "aflys mødet",
    "spørg",
    "hvornår er næste møde",
    "hvad blev besluttet om",
)


def messages(length: int) -> dict[str, str]:
    """The adversarial messages of about ``length`` characters, by name."""
    rnd = random.Random(length)

    def fill(unit: str, prefix: str = "") -> str:
        return prefix + unit * max(1, (length - len(prefix)) // len(unit))

    out = {
        "one letter word": "a" * length,
        "distinct 1000-letter words": " ".join(
            "".join(rnd.choice("abdefgiklmnoprstuvæøå") for _ in range(1000)) for _ in range(max(1, length // 1001))
        ),
        "repeated words": fill("møde "),
        "nested brackets": fill("(", "hvad ") + ")" * 10,
        "unclosed mention tags": fill("<at "),
        "spaces": "hvad" + " " * (length - 10) + "møde",
    }
    for word in COMMAND_WORDS:
        out[f"{word} + '!.'"] = fill("!.", word + " ")
        out[f"{word} + '!'"] = fill("!", word + " ")
    return out


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(lengths: list[int]) -> None:
    import aiohttp
    from aiohttp import web

    from bot.app import SERVICES, create_app
    from bot.clock import COMMITTEE_TZ, FixedClock
    from bot.settings import Settings

    base = json.loads(ACTIVITY.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{folder}/bench.db")
        app = create_app(settings, FixedClock(dt.datetime(2026, 11, 23, 10, 0, tzinfo=COMMITTEE_TZ)))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        await app[SERVICES].knowledge.warm()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as http:

            async def post(text: str, n: int) -> tuple[float, str]:
                activity = {**base, "text": text, "id": f"bench-{n}", "deliveryMode": "expectReplies"}
                activity["serviceUrl"] = "http://127.0.0.1:9/"  # never called: replies come in the answer
                started = time.perf_counter()
                async with http.post(f"{url}/api/messages", json=activity) as response:
                    body = await response.json() if response.status == 200 else {}
                reply = " ".join(str(a.get("text") or "[card]") for a in body.get("activities", []))
                return time.perf_counter() - started, f"{response.status} {reply[:60]!r}"

            async def healthz_during(text: str) -> float:
                slow = asyncio.create_task(post(text, -1))
                await asyncio.sleep(0.05)
                started = time.perf_counter()
                async with http.get(f"{url}/healthz") as response:
                    await response.read()
                took = time.perf_counter() - started
                await slow
                return took

            await post("Hvornår er næste møde?", 0)
            start_rss = rss_mib()
            count = 0
            print(f"baseline RSS {start_rss:.0f} MiB")
            print(f"{'length':>7} {'worst message':<34} {'time':>8} {'healthz':>8} {'RSS +':>8} {'peak':>8}  reply")
            for length in lengths:
                worst = (0.0, "", "")
                for name, text in messages(length).items():
                    count += 1
                    took, reply = await post(text, count)
                    if took > worst[0]:
                        worst = (took, name, reply)
                health = await healthz_during(messages(length)[worst[1]])
                print(
                    f"{length:>7} {worst[1]:<34} {worst[0] * 1000:>6.0f}ms {health * 1000:>6.0f}ms "
                    f"{rss_mib() - start_rss:>6.0f}MiB {peak_mib():>6.0f}MiB  {worst[2]}"
                )
        await runner.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 4k characters only")
    args = parser.parse_args(argv)
    asyncio.run(run([1000, 4000] if args.quick else [1000, 4000, 16000, 28000]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
