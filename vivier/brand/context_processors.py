from django.utils.functional import SimpleLazyObject

from vivier.brand.models import Employer


def employer(request):
    # Lazy: pages that never show the employer do not pay for the query.
    return {"employer": SimpleLazyObject(Employer.current)}
