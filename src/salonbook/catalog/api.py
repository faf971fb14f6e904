from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from salonbook.catalog import selectors, services
from salonbook.catalog.models import ServiceMaterial, StaffService
from salonbook.catalog.schemas import (
    BillOfMaterialsIn,
    CategoryIn,
    CategoryOut,
    CategoryPatch,
    MaterialOut,
    ProductIn,
    ProductOut,
    ProductPatch,
    ServiceIn,
    ServiceOut,
    ServicePatch,
    StaffServiceOut,
    StaffServicesIn,
)
from salonbook.http import DbInt, if_match_version, set_etag
from salonbook.staff.selectors import access_staff_member
from salonbook.tenancy.context import actor_of

router = Router()


@router.get("/service-categories", response=list[CategoryOut])
def list_categories(request: HttpRequest):
    return selectors.category_list(actor=actor_of(request))


@router.post("/service-categories", response={201: CategoryOut})
def create_category(request: HttpRequest, payload: CategoryIn):
    return Status(201, services.create_category(actor=actor_of(request), **payload.dict()))


@router.patch("/service-categories/{category_id}", response=CategoryOut)
def update_category(request: HttpRequest, category_id: int, payload: CategoryPatch):
    return services.update_category(
        actor=actor_of(request), category_id=category_id, **payload.dict(exclude_unset=True)
    )


@router.get("/services", response=list[ServiceOut])
def list_services(
    request: HttpRequest, staff_id: DbInt | None = None, q: str = "", include_inactive: bool = False
):
    """Services of the chain; with `staff_id`, only those that staff member performs."""
    return selectors.service_list(
        actor=actor_of(request), staff_id=staff_id, query=q, include_inactive=include_inactive
    )


@router.post("/services", response={201: ServiceOut})
def create_service(request: HttpRequest, payload: ServiceIn):
    return Status(201, services.create_service(actor=actor_of(request), **payload.dict()))


@router.get("/services/{service_id}", response=ServiceOut)
def get_service(request: HttpRequest, response: HttpResponse, service_id: int):
    actor = actor_of(request)
    selectors.service_list(actor=actor)  # checks the right to see services
    service = selectors.access_service(actor=actor, service_id=service_id)
    set_etag(response, service.version)
    return service


@router.patch("/services/{service_id}", response=ServiceOut)
def update_service(
    request: HttpRequest, response: HttpResponse, service_id: int, payload: ServicePatch
):
    service = services.update_service(
        actor=actor_of(request),
        service_id=service_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, service.version)
    return service


def _present(link: StaffService) -> dict:
    return {
        "service_id": link.service_id,
        "name": link.service.name,
        "price": link.effective_price,
        "duration_minutes": link.effective_duration,
        "own_price": link.price,
        "own_duration_minutes": link.duration_minutes,
    }


@router.get("/staff/{staff_id}/services", response=list[StaffServiceOut])
def list_staff_services(request: HttpRequest, staff_id: int):
    actor = actor_of(request)
    access_staff_member(actor=actor, staff_id=staff_id)
    return [_present(link) for link in selectors.staff_services(actor=actor, staff_id=staff_id)]


@router.put("/staff/{staff_id}/services", response=list[StaffServiceOut])
def set_staff_services(request: HttpRequest, staff_id: int, payload: StaffServicesIn):
    """Replace the services a staff member performs (with their own price/duration)."""
    actor = actor_of(request)
    services.set_staff_services(
        actor=actor,
        staff_id=staff_id,
        services=[services.StaffServiceTerms(**item.dict()) for item in payload.services],
    )
    return [_present(link) for link in selectors.staff_services(actor=actor, staff_id=staff_id)]


# --- products ------------------------------------------------------------------------------


@router.get("/products", tags=["products"], response=list[ProductOut])
def list_products(
    request: HttpRequest,
    q: str = "",
    for_sale: bool | None = None,
    consumable: bool | None = None,
    include_inactive: bool = False,
):
    """Products of the chain; `q` finds a fragment of the name, SKU or barcode."""
    return selectors.product_list(
        actor=actor_of(request),
        query=q,
        for_sale=for_sale,
        consumable=consumable,
        is_active=None if include_inactive else True,
    )


@router.post("/products", tags=["products"], response={201: ProductOut})
def create_product(request: HttpRequest, payload: ProductIn):
    return Status(201, services.create_product(actor=actor_of(request), **payload.dict()))


@router.get("/products/{product_id}", tags=["products"], response=ProductOut)
def get_product(request: HttpRequest, response: HttpResponse, product_id: int):
    product = selectors.visible_product(actor=actor_of(request), product_id=product_id)
    set_etag(response, product.version)
    return product


@router.patch("/products/{product_id}", tags=["products"], response=ProductOut)
def update_product(
    request: HttpRequest, response: HttpResponse, product_id: int, payload: ProductPatch
):
    """Change a product; `is_active: false` withdraws it. Send `If-Match` with its ETag."""
    product = services.update_product(
        actor=actor_of(request),
        product_id=product_id,
        expected_version=if_match_version(request),
        **payload.dict(exclude_unset=True),
    )
    set_etag(response, product.version)
    return product


def _materials(rows: list[ServiceMaterial]) -> list[dict]:
    return [
        {
            "product_id": row.product_id,
            "name": row.product.name,
            "unit": row.product.unit,
            "quantity": row.quantity,
            "is_active": row.product.is_active,
        }
        for row in rows
    ]


@router.get("/services/{service_id}/bill-of-materials", response=list[MaterialOut])
def get_bill_of_materials(request: HttpRequest, service_id: int):
    """The consumables one performance of the service uses (its technological card)."""
    return _materials(selectors.bill_of_materials(actor=actor_of(request), service_id=service_id))


@router.put("/services/{service_id}/bill-of-materials", response=list[MaterialOut])
def set_bill_of_materials(request: HttpRequest, service_id: int, payload: BillOfMaterialsIn):
    """Replace the service's bill of materials (`{"items": [...]}`; an empty list clears it)."""
    actor = actor_of(request)
    services.set_bill_of_materials(
        actor=actor,
        service_id=service_id,
        items=[services.MaterialLine(**item.dict()) for item in payload.items],
    )
    return _materials(selectors.bill_of_materials(actor=actor, service_id=service_id))
