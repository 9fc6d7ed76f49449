from django.urls import path

from vivier.community.referrals import staff_views, views

app_name = "referrals"

urlpatterns = [
    # Members (employees, alumni, partners): public French paths, like the careers site's.
    path("communaute/recommandations/", views.home, name="home"),
    path("communaute/recommandations/mes-recommandations/", views.mine, name="mine"),
    path("communaute/recommandations/recommander/<int:pk>/", views.refer, name="refer"),
    path("communaute/recommandations/classement/", views.leaderboard, name="leaderboard"),
    path(
        "communaute/recommandations/classement/choix/",
        views.leaderboard_choice,
        name="leaderboard_choice",
    ),
    # The recruiting team.
    path("app/community/referrals/", staff_views.referral_list, name="list"),
    path("app/community/referrals/bonus-rules/", staff_views.bonus_rules, name="bonus_rules"),
    path(
        "app/community/referrals/bonus-rules/new/",
        staff_views.bonus_rule_edit,
        name="bonus_rule_new",
    ),
    path(
        "app/community/referrals/bonus-rules/<int:pk>/",
        staff_views.bonus_rule_edit,
        name="bonus_rule",
    ),
    path(
        "app/community/referrals/bonus-rules/<int:pk>/delete/",
        staff_views.bonus_rule_delete,
        name="bonus_rule_delete",
    ),
    path("app/community/referrals/payroll/", staff_views.payroll, name="payroll"),
    path("app/community/referrals/payroll/paid/", staff_views.mark_paid, name="mark_paid"),
    path("app/community/referrals/partners/", staff_views.partners, name="partners"),
    path("app/community/referrals/partners/<int:pk>/", staff_views.partner, name="partner"),
]
