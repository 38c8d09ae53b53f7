// Koa 2, installed as `koa2` (npm alias) so the conformance suite runs on both majors;
// its API, as errmap/koa uses it, is the one @types/koa describes.
declare module 'koa2' {
  import Koa from 'koa'
  export default Koa
}
