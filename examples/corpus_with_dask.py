"""Analyze a JSONL corpus with Dask and write Parquet (one row per article).

Run:
    python examples/corpus_with_dask.py CORPUS.jsonl OUT_DIR [--text-field text]
        [--workers 2] [--scheduler tcp://host:8786]

Each JSONL line is an object with the text in ``--text-field``. Locally this starts a
``LocalCluster`` of worker processes; give ``--scheduler`` to run the same code on a
``dask.distributed`` cluster. Every worker loads the models once.
"""

from __future__ import annotations

import argparse

import dask.dataframe as dd
from distributed import Client, LocalCluster

from arabic_news.integrations.dask import analyze_frame, arrow_schema

#: Bytes of JSONL per partition: a few hundred articles, a few seconds of work each.
BLOCKSIZE = 4_000_000


def run(corpus: str, out: str, text_field: str, client: Client) -> int:
    """Analyze ``corpus`` into Parquet files under ``out``; return the number of rows."""
    ddf = dd.read_json(corpus, lines=True, blocksize=BLOCKSIZE)
    analyzed = analyze_frame(ddf, text_field, errors="coerce").drop(columns=[text_field])
    analyzed.to_parquet(out, write_index=False, schema=arrow_schema(analyzed))
    return len(dd.read_parquet(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", help="address of a running dask.distributed scheduler")
    args = parser.parse_args()
    if args.scheduler:
        with Client(args.scheduler) as client:
            rows = run(args.corpus, args.out, args.text_field, client)
    else:
        with (
            LocalCluster(
                n_workers=args.workers, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            rows = run(args.corpus, args.out, args.text_field, client)
    print(f"{rows} articles written to {args.out}")


if __name__ == "__main__":
    main()
