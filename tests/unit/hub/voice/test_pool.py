"""RecognizerPool readies the recognisers it builds at start and on renew (prepare)."""

from __future__ import annotations

from hub.voice import RecognizerPool


class FakeRecognizer:
    """Fake: records whether the pool asked it to make its second-pass decoders."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.prepared = 0

    def prepare(self) -> None:
        self.prepared += 1


async def test_warm_up_and_renew_ready_their_recogniser_and_borrow_builds_plainly() -> None:
    """The first recogniser (warm_up) and a renewed one are prepared off the loop before
    they are lent; one built on demand for a second room is not (that room would wait)."""
    made: list[FakeRecognizer] = []

    def build() -> FakeRecognizer:
        made.append(FakeRecognizer(f"r{len(made)}"))
        return made[-1]

    pool = RecognizerPool(build, 2)  # type: ignore[arg-type]
    try:
        first = await pool.warm_up()
        assert first is made[0] and made[0].prepared == 1
        async with pool.borrow() as a, pool.borrow() as b:
            assert {a, b} == set(made) and made[1].prepared == 0  # b built on demand
        await pool.renew(build)
        assert made[2].prepared == 1
        async with pool.borrow() as c:
            assert c is made[2]
    finally:
        pool.close()


async def test_an_engine_without_prepare_is_built_as_before() -> None:
    """prepare is optional: a recogniser without it is lent as built."""
    pool = RecognizerPool(lambda: "plain", 1)  # type: ignore[arg-type,return-value]
    try:
        assert await pool.warm_up() == "plain"
    finally:
        pool.close()
