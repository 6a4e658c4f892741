const { Pool } = require("pg");

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const getDateTime = async () => {
  const client = await pool.connect();
  try {
    const res = await client.query("SELECT NOW() as now;");
    return res.rows[0];
  } finally {
    client.release();
  }
};

module.exports = { getDateTime };
