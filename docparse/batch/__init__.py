"""Whole folders in, one output per file out, in parallel, resumable: ``docparse batch``.

``walk`` finds the inputs, ``layout`` decides where their outputs go, ``manifest`` records
every input as a JSON line, ``worker`` turns one file into its outputs (the job that
``docparse.workers.WorkerPool`` runs, restarting workers when a page hangs or a process
dies), ``summary`` tells the totals."""
