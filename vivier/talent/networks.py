"""The registry of networks, professional or personal, that the private-sphere rule reads.

Recruiters may look at what people publish for their working life (professional networks). What
they publish as private persons is out of bounds: the Code du travail (L1221-6) allows only
information with a direct and necessary link to the job, and the CNIL's recruitment guide (2023)
names personal social networks as out of bounds, unless the candidate gives the link.
"""

# (name, domains, kind): the defaults loaded by a migration; administrators may add others.
DEFAULT_NETWORKS = [
    ("LinkedIn", ["linkedin.com", "lnkd.in"], "professional"),
    ("Viadeo", ["viadeo.com"], "professional"),
    ("XING", ["xing.com"], "professional"),
    ("Malt", ["malt.fr", "malt.com"], "professional"),
    ("GitHub", ["github.com"], "professional"),
    ("GitLab", ["gitlab.com"], "professional"),
    ("Welcome to the Jungle", ["welcometothejungle.com"], "professional"),
    ("Stack Overflow", ["stackoverflow.com"], "professional"),
    ("Behance", ["behance.net"], "professional"),
    ("Dribbble", ["dribbble.com"], "professional"),
    ("HAL (archives ouvertes)", ["hal.science", "theses.hal.science"], "professional"),
    ("ORCID", ["orcid.org"], "professional"),
    ("Facebook", ["facebook.com", "fb.com", "fb.me", "messenger.com"], "personal"),
    ("Instagram", ["instagram.com", "instagr.am"], "personal"),
    ("TikTok", ["tiktok.com"], "personal"),
    ("Snapchat", ["snapchat.com"], "personal"),
    ("Copains d'avant", ["copainsdavant.linternaute.com"], "personal"),
    ("X (Twitter)", ["x.com", "twitter.com"], "personal"),
    ("Threads", ["threads.net"], "personal"),
    ("Bluesky", ["bsky.app"], "personal"),
    ("Pinterest", ["pinterest.com", "pinterest.fr"], "personal"),
    ("Reddit", ["reddit.com"], "personal"),
    ("YouTube", ["youtube.com", "youtu.be"], "personal"),
    ("Twitch", ["twitch.tv"], "personal"),
    ("Tinder", ["tinder.com"], "personal"),
    ("VK", ["vk.com"], "personal"),
]
