"""The one colour palette every chart and highlight uses.

Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008):
eight colours that stay distinguishable for the common forms of colour
blindness. Colour is never the only cue: charts add hatching and highlights
add labels and underline styles.
"""

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
