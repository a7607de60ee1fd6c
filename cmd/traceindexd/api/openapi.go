package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPI describes every route; TestOpenAPIDescribesEveryRoute keeps it
// and the router in step.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(c *gin.Context) { c.Data(http.StatusOK, "application/json", openAPI) }
