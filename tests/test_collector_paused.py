"""Loads pause Python's garbage collector, on several threads at once (the load worker, the
index worker, the live check, the window's check before a save): the pauses overlap without
turning it back on too early or leaving it off for good."""
import gc
import threading

from timeline_app.core.loader import collector_paused


def test_overlapping_pauses_on_two_threads_keep_it_off_until_the_last_ends():
    gc.enable()
    first_in, second_in, first_out, second_may_end = (threading.Event() for _ in range(4))
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen["while the second still reads"] = gc.isenabled()
            second_may_end.wait(5)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_out.wait(5)
    second_may_end.set()
    for thread in threads:
        thread.join(5)
    assert seen == {"while the second still reads": False}
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
