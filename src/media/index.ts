export { detectImageType, DEFAULT_MAX_IMAGE_BYTES, type ImageFormat, type ImageType } from './image-type.ts';
export {
  processImage,
  variantWidths,
  newMediaKey,
  VARIANT_WIDTHS,
  type ProcessedImage,
  type ProcessImageOptions,
} from './process-image.ts';
export { createLocalMediaStorage, mediaRoot, assertSafeMediaPath, type MediaStorage } from './storage.ts';
export { storeImage, type StoreImageDeps, type StoreImageMeta } from './store-image.ts';
