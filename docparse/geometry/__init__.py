"""Page geometry before recognition: which way up a page is (orientation), how far its text
lines lean (skew), and the exact mapping between the page as given and the straightened image
an engine reads, so that boxes are always reported in the original page's pixels."""
