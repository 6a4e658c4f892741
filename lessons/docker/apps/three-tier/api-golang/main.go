package main

// wharf: env PORT 8080
// wharf: connect postgres $DATABASE_URL
// wharf: listen $PORT gin
// wharf: route GET / query postgres SELECT NOW() as now;
// wharf: route GET / reply 200 json {"api":"golang","now":"$result"}
// wharf: route GET /ping reply 200 text pong

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	pool, err := pgxpool.New(context.Background(), os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	r := gin.Default()
	r.GET("/", func(c *gin.Context) {
		var now time.Time
		pool.QueryRow(c, "SELECT NOW() as now;").Scan(&now)
		c.JSON(http.StatusOK, gin.H{"api": "golang", "now": now})
	})
	r.GET("/ping", func(c *gin.Context) {
		c.String(http.StatusOK, "pong")
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	r.Run(":" + port)
}
