"""Members' pages under communaute/ and the back office under app/community/."""

from django.urls import path

from vivier.community.hubs import staff_views, views

app_name = "hubs"

urlpatterns = [
    path("communaute/", views.my_hubs, name="my_hubs"),
    path("communaute/invitation/<str:token>/", views.invitation, name="invitation"),
    path("communaute/fil/<int:pk>/", views.thread_detail, name="thread"),
    path("communaute/fil/<int:pk>/suivre/", views.follow, name="follow"),
    path("communaute/fil/<int:pk>/epingler/", views.pin, name="pin"),
    path("communaute/message/<int:pk>/modifier/", views.edit_post, name="edit_post"),
    path("communaute/message/<int:pk>/supprimer/", views.delete_post, name="delete_post"),
    path("communaute/message/<int:pk>/reaction/", views.react, name="react"),
    path("communaute/message/<int:pk>/signaler/", views.report, name="report"),
    path(
        "communaute/message/<int:pk>/moderer/<slug:action>/",
        views.moderate_post,
        name="moderate_post",
    ),
    path("communaute/espaces/<slug:slug>/", views.hub_detail, name="hub"),
    path("communaute/espaces/<slug:slug>/membres/", views.hub_members, name="members"),
    path("communaute/espaces/<slug:slug>/rejoindre/", views.join, name="join"),
    path("communaute/espaces/<slug:slug>/quitter/", views.leave, name="leave"),
    path("communaute/espaces/<slug:slug>/demande/", views.request_to_join, name="request_to_join"),
    path("communaute/espaces/<slug:slug>/nouveau-fil/", views.new_thread, name="new_thread"),
    path("communaute/espaces/<slug:slug>/offres/", views.member_offers, name="member_offers"),
    path(
        "communaute/espaces/<slug:slug>/offres/proposer/", views.propose_offer, name="propose_offer"
    ),
    path("communaute/espaces/<slug:slug>/moderation/", views.hub_moderation, name="moderation"),
    path("communaute/espaces/<slug:slug>/bannir/<int:user_id>/", views.ban, name="ban"),
    path(
        "communaute/espaces/<slug:slug>/demandes/<int:request_id>/",
        views.decide_request,
        name="decide_request",
    ),
    # Back office
    path("app/community/", staff_views.hub_list, name="staff_hubs"),
    path("app/community/hubs/new/", staff_views.hub_edit, name="staff_hub_create"),
    path("app/community/hubs/<int:pk>/", staff_views.hub_detail, name="staff_hub"),
    path("app/community/hubs/<int:pk>/edit/", staff_views.hub_edit, name="staff_hub_edit"),
    path(
        "app/community/invitations/<int:pk>/revoke/",
        staff_views.revoke_invitation,
        name="staff_revoke_invitation",
    ),
    path("app/community/moderation/", staff_views.moderation_queue, name="staff_moderation"),
    path("app/community/offers/<int:pk>/", staff_views.review_offer, name="staff_review_offer"),
    path("app/community/audit/", staff_views.audit, name="staff_audit"),
    path("app/community/partners/", staff_views.partner_list, name="staff_partners"),
    path("app/community/partners/new/", staff_views.partner_edit, name="staff_partner_create"),
    path("app/community/partners/<int:pk>/", staff_views.partner_detail, name="staff_partner"),
    path(
        "app/community/partners/<int:pk>/edit/", staff_views.partner_edit, name="staff_partner_edit"
    ),
]
