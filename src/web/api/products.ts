import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateProductCategoryBody,
  CreateProductInput,
  Product,
  ProductCategory,
  ProductCategoryList,
  ProductList,
  ProductListQuery,
  UpdateProductCategoryBody,
  UpdateProductInput,
} from '../../shared/products.ts';
import { api } from './client.ts';

export type ProductListParams = Partial<ProductListQuery>;

/** Query keys of the catalogue (kept here rather than in keys.ts: only these hooks use them). */
export const productKeys = {
  all: ['products'] as const,
  list: (params: ProductListParams) => ['products', 'list', params] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  categories: ['product-categories'] as const,
};

export function useProductList(params: ProductListParams, enabled = true) {
  return useQuery({
    queryKey: productKeys.list(params),
    queryFn: ({ signal }) => api.get<ProductList>('/api/products', { ...params }, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: productKeys.categories,
    queryFn: ({ signal }) => api.get<ProductCategoryList>('/api/product-categories', undefined, signal),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

function useCatalogueWritten() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: productKeys.all });
    void queryClient.invalidateQueries({ queryKey: productKeys.categories });
  };
}

export function useSaveProduct() {
  const written = useCatalogueWritten();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: CreateProductInput | UpdateProductInput }) =>
      id ? api.patch<Product>(`/api/products/${encodeURIComponent(id)}`, body) : api.post<Product>('/api/products', body),
    onSuccess: written,
  });
}

export function useDeleteProduct() {
  const written = useCatalogueWritten();
  return useMutation({ mutationFn: (id: string) => api.delete(`/api/products/${encodeURIComponent(id)}`), onSuccess: written });
}

export function useRestoreProduct() {
  const written = useCatalogueWritten();
  return useMutation({
    mutationFn: (id: string) => api.post<Product>(`/api/products/${encodeURIComponent(id)}/restore`),
    onSuccess: written,
  });
}

export function useSaveCategory() {
  const written = useCatalogueWritten();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: CreateProductCategoryBody | UpdateProductCategoryBody }) =>
      id
        ? api.patch<ProductCategory>(`/api/product-categories/${encodeURIComponent(id)}`, body)
        : api.post<ProductCategory>('/api/product-categories', body),
    onSuccess: written,
  });
}

export function useDeleteCategory() {
  const written = useCatalogueWritten();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/product-categories/${encodeURIComponent(id)}`),
    onSuccess: written,
  });
}
