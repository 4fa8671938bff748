import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { apiDescription } from '../docs/api-description.ts';

// For people trying the API in development: the description as JSON, and Swagger UI on it.
// Its files come from the swagger-ui-dist package, so the page works offline and within
// helmet's Content-Security-Policy (no inline scripts, nothing from another origin).
export function docsRoutes(): Router {
  const description = apiDescription();
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(description);
  });
  router.use(
    '/',
    swaggerUi.serve,
    swaggerUi.setup(description, { customSiteTitle: 'Workshop API' }),
  );
  return router;
}
