"""Median wall-clock time of whole processes, run alternately so both sides see the same load."""
import statistics
import subprocess
import time


def median_ms(commands, runs=25, warmup=3, prepare=None):
    """commands: {label: argv}; prepare: called before every run of every command."""
    samples = {label: [] for label in commands}
    for round_number in range(warmup + runs):
        for label, argv in commands.items():
            if prepare:
                prepare()
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed = (time.perf_counter() - start) * 1000
            if round_number >= warmup:
                samples[label].append(elapsed)
    return {label: statistics.median(values) for label, values in samples.items()}


def report(title, results, baseline, target=None):
    print(f"\n{title}")
    for label, ms in results.items():
        ratio = ms / results[baseline]
        print(f"  {label:<44} {ms:8.1f} ms   {ratio:5.2f}x {baseline}")
    if target:
        print(f"  target: {target}")
